using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

public sealed class CalibrationSummaryBuilderTests
{
    private static readonly DateOnly CalibrationEnd = new(2025, 3, 31);

    [Fact]
    public void Summarises_repeat_days_recency_age_and_repeat_spend()
    {
        var purchases = new[]
        {
            Purchase("ann", 2025, 1, 6, 100m), // first purchase, excluded from the spend mean
            Purchase("ann", 2025, 1, 20, 10m),
            Purchase("ann", 2025, 1, 20, 5m), // same day: one transaction worth 15
            Purchase("ann", 2025, 2, 3, 25m),
            Purchase("ann", 2025, 4, 14, 999m), // after calibration: ignored
        };

        var ann = Assert.Single(CalibrationSummaryBuilder.Build(purchases, CalibrationEnd));

        Assert.Equal("ann", ann.CustomerId);
        Assert.Equal(new DateOnly(2025, 1, 6), ann.FirstPurchaseDay);
        Assert.Equal(2, ann.Summary.Frequency);
        Assert.Equal(4.0, ann.Summary.RecencyWeeks, 12); // 6 Jan → 3 Feb
        Assert.Equal(84 / 7.0, ann.Summary.AgeWeeks, 12); // 6 Jan → 31 Mar
        Assert.Equal(20.0, ann.Summary.MeanRepeatSpend, 12); // (15 + 25)/2
    }

    [Fact]
    public void One_time_buyer_has_zero_recency_and_no_repeat_spend()
    {
        var bob = Assert.Single(CalibrationSummaryBuilder.Build([Purchase("bob", 2025, 3, 31, 42m), Purchase("bob", 2025, 3, 31, 8m)], CalibrationEnd));

        Assert.Equal(new PurchaseSummary(0, 0, 0, 0), bob.Summary);
    }

    [Fact]
    public void Customers_acquired_after_calibration_are_left_out()
    {
        var customers = CalibrationSummaryBuilder.Build([Purchase("early", 2025, 2, 1, 1m), Purchase("late", 2025, 4, 1, 1m)], CalibrationEnd);

        Assert.Equal(["early"], customers.Select(customer => customer.CustomerId));
    }

    [Fact]
    public void Same_day_merge_sums_amounts_per_customer_and_day()
    {
        var merged = CalibrationSummaryBuilder.MergeSameDayPurchases(
            [Purchase("a", 2025, 1, 1, 1m), Purchase("b", 2025, 1, 1, 2m), Purchase("a", 2025, 1, 1, 3m), Purchase("a", 2025, 1, 2, 4m)]);

        Assert.Equal(
            [Purchase("a", 2025, 1, 1, 4m), Purchase("b", 2025, 1, 1, 2m), Purchase("a", 2025, 1, 2, 4m)],
            merged);
    }

    private static DatedPurchase<string> Purchase(string customer, int year, int month, int day, decimal amount) =>
        new(customer, new DateOnly(year, month, day), amount);
}
