using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.LoadTests.Cdnow;

/// <summary>One calibration-frequency group: how many customers, and their mean holdout purchases, actual and forecast.</summary>
public sealed record HoldoutGroup(string Frequency, int Customers, double ActualMean, double PredictedMean);

/// <summary>Cumulative repeat transactions of the whole cohort by the end of a week, actual and expected.</summary>
public sealed record TrackingWeek(int Week, int Actual, double Predicted);

/// <summary>
/// The out-of-sample checks of Fader, Hardie &amp; Lee (2005): conditional expectations against what each
/// calibration-frequency group actually bought in the holdout (their figure 4), and the cohort's
/// cumulative repeat purchases week by week (their figure 2).
/// </summary>
public sealed class HoldoutComparison
{
    private const int LastGroupedFrequency = 7;
    private const int DaysPerWeek = 7;

    private readonly IReadOnlyList<CustomerCalibration<int>> _customers;
    private readonly ILookup<int, DateOnly> _purchaseDaysByCustomer;

    public HoldoutComparison(IReadOnlyList<DatedPurchase<int>> purchases, IReadOnlyList<CustomerCalibration<int>> customers)
    {
        _customers = customers;
        _purchaseDaysByCustomer = CalibrationSummaryBuilder.MergeSameDayPurchases(purchases)
            .ToLookup(purchase => purchase.CustomerId, purchase => purchase.Day);
    }

    /// <summary>Groups x = 0..6 and 7+: mean actual transactions in weeks 40–78 against mean E[Y(39) | x, tₓ, T].</summary>
    public IReadOnlyList<HoldoutGroup> ByCalibrationFrequency(BgNbdParameters parameters)
    {
        var holdoutWeeks = (CdnowData.HoldoutEnd.DayNumber - CdnowData.CalibrationEnd.DayNumber) / (double)DaysPerWeek;
        return _customers
            .Select(customer => (
                Group: Math.Min(customer.Summary.Frequency, LastGroupedFrequency),
                Actual: _purchaseDaysByCustomer[customer.CustomerId].Count(day => day > CdnowData.CalibrationEnd && day <= CdnowData.HoldoutEnd),
                Predicted: BgNbdModel.ConditionalExpectedTransactions(parameters, customer.Summary, holdoutWeeks)))
            .GroupBy(customer => customer.Group)
            .OrderBy(group => group.Key)
            .Select(group => new HoldoutGroup(
                group.Key == LastGroupedFrequency ? $"{LastGroupedFrequency}+" : group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                group.Count(),
                group.Average(customer => customer.Actual),
                group.Average(customer => customer.Predicted)))
            .ToArray();
    }

    /// <summary>
    /// Cumulative repeat transactions by the end of each week 1..78 (day 0 = 1997-01-01, week w ends after day
    /// 7w − 1). The forecast is the paper's cohort sum Σ_d n_d·E[X(t − d)] over first-purchase days d, with
    /// each customer's age taken with the calibration's day-count convention: at the end of week w a customer
    /// first seen on day d has been observed (7w − 1 − d)/7 weeks, which gives T = 272/7 at the end of week 39
    /// for a 1 January customer, exactly as in the fit.
    /// </summary>
    public IReadOnlyList<TrackingWeek> CumulativeRepeatTransactions(BgNbdParameters parameters)
    {
        var totalWeeks = (CdnowData.HoldoutEnd.DayNumber - CdnowData.FirstDay.DayNumber + 1) / DaysPerWeek;
        var repeatsByWeek = new int[totalWeeks + 1];
        foreach (var customer in _customers)
        {
            foreach (var day in _purchaseDaysByCustomer[customer.CustomerId].Where(day => day > customer.FirstPurchaseDay && day <= CdnowData.HoldoutEnd))
            {
                repeatsByWeek[(day.DayNumber - CdnowData.FirstDay.DayNumber) / DaysPerWeek + 1]++;
            }
        }

        var cohorts = _customers
            .GroupBy(customer => customer.FirstPurchaseDay.DayNumber - CdnowData.FirstDay.DayNumber)
            .Select(cohort => (FirstDay: cohort.Key, Size: cohort.Count()))
            .ToArray();
        var weeks = new List<TrackingWeek>(totalWeeks);
        var actual = 0;
        for (var week = 1; week <= totalWeeks; week++)
        {
            actual += repeatsByWeek[week];
            var lastDay = week * DaysPerWeek - 1;
            var predicted = cohorts
                .Where(cohort => cohort.FirstDay < lastDay)
                .Sum(cohort => cohort.Size * BgNbdModel.ExpectedTransactions(parameters, (lastDay - cohort.FirstDay) / (double)DaysPerWeek));
            weeks.Add(new TrackingWeek(week, actual, predicted));
        }

        return weeks;
    }
}
