using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

public sealed class CustomerLifetimeValueTests
{
    [Fact]
    public void Historical_value_is_purchases_net_of_returns_discounts_and_service_costs()
    {
        CustomerValueEntry[] entries =
        [
            new(CustomerValueEntryKind.Purchase, 120m),
            new(CustomerValueEntryKind.Purchase, 80m),
            new(CustomerValueEntryKind.Return, 30m),
            new(CustomerValueEntryKind.Discount, 12.5m),
            new(CustomerValueEntryKind.ServiceCost, 7.5m),
        ];

        Assert.Equal(150m, CustomerLifetimeValue.HistoricalNetValue(entries));
        Assert.Equal(0m, CustomerLifetimeValue.HistoricalNetValue([]));
    }

    [Fact]
    public void Historical_value_rejects_signed_amounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CustomerLifetimeValue.HistoricalNetValue([new CustomerValueEntry(CustomerValueEntryKind.Return, -5m)]));
    }

    [Fact]
    public void Discounting_lowers_the_value_of_the_same_purchases()
    {
        var forecast = new BgNbdForecast(CdnowData.PublishedBgNbd, new PurchaseSummary(3, 30, 38.86, 0));
        var undiscounted = CustomerLifetimeValue.ExpectedDiscountedMargin(forecast, 30, new ClvAssumptions(0.3, 0, 104));
        var discounted = CustomerLifetimeValue.ExpectedDiscountedMargin(forecast, 30, new ClvAssumptions(0.3, 0.15, 104));

        Assert.InRange(discounted, 0.8 * undiscounted, undiscounted);
    }

    [Fact]
    public void Assumptions_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClvAssumptions(1.2, 0.1, 52));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClvAssumptions(0.3, -0.1, 52));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClvAssumptions(0.3, 0.1, 0));
    }
}
