using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.Tests.Ledger;

/// <summary>Returns take back what the returned lines earned, counted over all returns of the purchase.</summary>
public sealed class ReturnCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // 3 shirts at 20 (earned 60 points between them), 1 perfume at 40 (earned 81 with its multiplier).
    private static readonly PointsEarned Purchase = new(T0, "buy-1", "fp", 141, 100, "EUR", T0, "pos", null)
    {
        Items = [new PurchasedItem("shirt", "apparel", 3, 60, 60), new PurchasedItem("perfume", "fragrance", 1, 40, 81)],
    };

    [Fact]
    public void A_partial_return_of_a_multi_line_purchase_takes_back_that_lines_share()
    {
        var (plan, problem) = ReturnCalculator.Plan(Purchase, PurchaseReturns.None, [new ReturnLineRequest("shirt", 1, 20)], null);

        Assert.Null(problem);
        Assert.Equal(20, plan!.Points);
    }

    [Fact]
    public void Returning_everything_in_parts_takes_back_exactly_what_was_earned()
    {
        var soFar = PurchaseReturns.None;
        long total = 0;
        foreach (var part in new[] { new ReturnLineRequest("perfume", 1, 40), new ReturnLineRequest("shirt", 1, 20), new ReturnLineRequest("shirt", 2, 40) })
        {
            var (plan, _) = ReturnCalculator.Plan(Purchase, soFar, [part], null);
            total += plan!.Points;
            soFar = soFar.With(Returned(plan));
        }

        Assert.Equal(141, total);
    }

    [Theory]
    [InlineData("shirt", 4, 20)]
    [InlineData("shirt", 1, 61)]
    [InlineData("socks", 1, 5)]
    public void Returning_more_than_was_bought_is_refused(string sku, int quantity, int amount)
    {
        var (plan, problem) = ReturnCalculator.Plan(Purchase, PurchaseReturns.None, [new ReturnLineRequest(sku, quantity, amount)], null);

        Assert.Null(plan);
        Assert.Contains(sku, problem);
    }

    [Fact]
    public void A_return_by_amount_is_proportional_and_capped_at_what_was_paid()
    {
        var (half, _) = ReturnCalculator.Plan(Purchase, PurchaseReturns.None, [], 50);
        var soFar = PurchaseReturns.None.With(Returned(half!));
        var (rest, _) = ReturnCalculator.Plan(Purchase, soFar, [], 50);
        var (tooMuch, problem) = ReturnCalculator.Plan(Purchase, soFar, [], 50.02m);

        Assert.Equal((70L, 71L), (half!.Points, rest!.Points));
        Assert.Null(tooMuch);
        Assert.NotNull(problem);
    }

    private static PointsReturned Returned(ReturnPlan plan) =>
        new(T0, "r", "fp", "buy-1", 1, T0, plan.Points, plan.Amount, plan.Lines, 0, "pos");
}
