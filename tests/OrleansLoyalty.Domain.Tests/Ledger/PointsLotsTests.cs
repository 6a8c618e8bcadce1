using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.Tests.Ledger;

/// <summary>Lots: soonest-expiring spent first, pending not spendable, returns taken from the purchase's own lot, then below zero, then debt.</summary>
public sealed class PointsLotsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spending_takes_the_soonest_expiring_lot_first_and_never_expiring_points_last()
    {
        var lots = new PointsLots();
        lots.Earn(1, T0, null, null, 100);
        lots.Earn(2, T0.AddDays(1), null, T0.AddMonths(12), 100);
        lots.Earn(3, T0.AddDays(2), null, T0.AddMonths(3), 100);

        lots.Spend(150);

        Assert.Equal([(1L, 100L), (2L, 50L)], lots.All.Select(l => (l.Id, l.Remaining)).OrderBy(x => x.Item1));
    }

    [Fact]
    public void Pending_points_are_not_spendable_until_released()
    {
        var lots = new PointsLots();
        lots.Earn(1, T0, T0.AddDays(14), null, 80);

        Assert.Equal((0L, 80L), (lots.Balance, lots.Pending));
        Assert.Empty(lots.DueForRelease(T0.AddDays(13)));

        lots.Release(lots.DueForRelease(T0.AddDays(14)));

        Assert.Equal((80L, 0L), (lots.Balance, lots.Pending));
    }

    [Fact]
    public void Available_lots_of_one_expiry_are_kept_as_one()
    {
        var lots = new PointsLots();
        for (var i = 1; i <= 500; i++) lots.Earn(i, T0.AddHours(i), null, null, 10);

        Assert.Single(lots.All);
        Assert.Equal(5_000, lots.Balance);
    }

    [Fact]
    public void Expiry_writes_off_what_is_left_of_lots_past_their_date()
    {
        var lots = new PointsLots();
        lots.Earn(1, T0, null, T0.AddMonths(1), 100);
        lots.Earn(2, T0, null, T0.AddMonths(2), 100);
        lots.Spend(30);

        var due = lots.DueForExpiry(T0.AddMonths(1));
        lots.Expire(due);

        Assert.Equal([new LotPoints(1, 70)], due);
        Assert.Equal(100, lots.Balance);
        Assert.Equal(100, lots.ExpiringWithin(T0.AddMonths(1), 30));
        Assert.Equal(T0.AddMonths(2), lots.NextDue());
    }

    [Fact]
    public void A_return_cancels_the_purchases_pending_points_first()
    {
        var lots = new PointsLots();
        lots.Earn(1, T0, null, null, 500);
        lots.Earn(2, T0, T0.AddDays(14), null, 100);

        var reversal = lots.Reverse(60, purchaseLotId: 2, negativeLimit: 0);

        Assert.Equal(new Reversal(60, 0, 0, 0), reversal);
        Assert.Equal((500L, 40L), (lots.Balance, lots.Pending));
    }

    [Fact]
    public void A_return_after_the_points_were_spent_goes_below_zero_to_the_limit_then_becomes_a_debt_repaid_by_later_earns()
    {
        var lots = new PointsLots();
        lots.Earn(1, T0, null, null, 100);
        lots.Spend(100);

        var reversal = lots.Reverse(100, purchaseLotId: 1, negativeLimit: 30);

        Assert.Equal(new Reversal(0, 0, 30, 70), reversal);
        Assert.Equal((-30L, 70L), (lots.Balance, lots.Debt));

        lots.Earn(2, T0.AddDays(1), null, null, 120);

        Assert.Equal((20L, 0L), (lots.Balance, lots.Debt));
    }

    [Fact]
    public void A_return_after_the_purchases_points_expired_takes_them_from_other_points_and_never_brings_the_expired_back()
    {
        var lots = new PointsLots();
        lots.Earn(1, T0, null, T0.AddMonths(1), 100);
        lots.Earn(2, T0.AddDays(5), null, null, 50);
        lots.Expire(lots.DueForExpiry(T0.AddMonths(1)));

        var reversal = lots.Reverse(80, purchaseLotId: 1, negativeLimit: 20);

        // The expired lot gives nothing back; the other points cover 50, then 20 below zero, then 10 owed.
        Assert.Equal(new Reversal(0, 50, 20, 10), reversal);
        Assert.Equal((-20L, 10L, 0L), (lots.Balance, lots.Debt, lots.Pending));
        Assert.Empty(lots.DueForExpiry(T0.AddYears(5)));
    }
}
