namespace OrleansLoyalty.Domain.Prediction;

/// <summary>A customer's calibration-period summary and the day they first bought.</summary>
public sealed record CustomerCalibration<TCustomer>(TCustomer CustomerId, DateOnly FirstPurchaseDay, PurchaseSummary Summary)
    where TCustomer : notnull;

/// <summary>
/// Turns a purchase log into the (x, tₓ, T, mₓ) summaries the BG/NBD and Gamma-Gamma models are fitted
/// on, following the CDNOW convention of Fader, Hardie &amp; Lee (2005) so that the same code reproduces
/// the published estimates and summarises the loyalty ledger.
/// </summary>
public static class CalibrationSummaryBuilder
{
    private const double DaysPerWeek = 7;

    /// <summary>
    /// Builds one summary per customer whose first purchase falls on or before <paramref name="calibrationEnd"/>,
    /// the last day of the calibration period. Days are whole calendar days and all times are day
    /// differences divided by 7: tₓ = (last calibration purchase day − first purchase day)/7 and
    /// T = (calibrationEnd − first purchase day)/7. For CDNOW (calibrationEnd 1997-09-30) a customer who
    /// first bought on 1997-01-01 gets T = 272/7 = 38.86 weeks, the convention that reproduces the
    /// published estimates. Purchases after <paramref name="calibrationEnd"/> are ignored. Results come in
    /// order of first appearance in <paramref name="purchases"/>.
    /// </summary>
    public static IReadOnlyList<CustomerCalibration<TCustomer>> Build<TCustomer>(IEnumerable<DatedPurchase<TCustomer>> purchases, DateOnly calibrationEnd)
        where TCustomer : notnull
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var calibrationDays = MergeSameDayPurchases(purchases.Where(purchase => purchase.Day <= calibrationEnd));
        return calibrationDays
            .GroupBy(purchase => purchase.CustomerId)
            .Select(customer => Summarise(customer.Key, customer.OrderBy(purchase => purchase.Day).ToArray(), calibrationEnd))
            .ToArray();
    }

    /// <summary>
    /// One transaction per customer per day, worth the sum of that day's purchases. The models count
    /// purchase occasions, and a basket split over several tills on one day is one occasion.
    /// </summary>
    public static IReadOnlyList<DatedPurchase<TCustomer>> MergeSameDayPurchases<TCustomer>(IEnumerable<DatedPurchase<TCustomer>> purchases)
        where TCustomer : notnull
    {
        ArgumentNullException.ThrowIfNull(purchases);
        return purchases
            .GroupBy(purchase => (purchase.CustomerId, purchase.Day))
            .Select(day => new DatedPurchase<TCustomer>(day.Key.CustomerId, day.Key.Day, day.Sum(purchase => purchase.Amount)))
            .ToArray();
    }

    private static CustomerCalibration<TCustomer> Summarise<TCustomer>(TCustomer customerId, DatedPurchase<TCustomer>[] days, DateOnly calibrationEnd)
        where TCustomer : notnull
    {
        var first = days[0].Day;
        var last = days[^1].Day;
        var repeatTransactions = days.Length - 1;

        // The first purchase is excluded from the spend mean: it is the acquisition purchase, often
        // atypical, and the Gamma-Gamma model is defined on repeat transactions.
        var meanRepeatSpend = repeatTransactions == 0
            ? 0
            : (double)(days.Skip(1).Sum(day => day.Amount) / repeatTransactions);
        var summary = new PurchaseSummary(
            repeatTransactions,
            (last.DayNumber - first.DayNumber) / DaysPerWeek,
            (calibrationEnd.DayNumber - first.DayNumber) / DaysPerWeek,
            meanRepeatSpend);
        return new CustomerCalibration<TCustomer>(customerId, first, summary);
    }
}
