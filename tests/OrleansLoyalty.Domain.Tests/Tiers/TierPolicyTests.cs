using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Tiers;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Tiers;

public sealed class TierPolicyTests
{
    [Theory]
    [InlineData(0, "member")]
    [InlineData(999, "member")]
    [InlineData(1_000, "silver")]
    [InlineData(4_999, "silver")]
    [InlineData(5_000, "gold")]
    [InlineData(1_000_000, "gold")]
    public void Default_thresholds_are_member_0_silver_1000_gold_5000(long qualifyingPoints, string tier)
    {
        Assert.Equal(tier, TierPolicy.Default.TierAfterEarning("member", qualifyingPoints));
    }

    [Fact]
    public void New_member_starts_in_the_base_tier()
    {
        Assert.Equal("member", TierPolicy.Default.BaseTier);
        Assert.Equal("member", AccountWith(Enrolled(T0)).Tier);
    }

    [Fact]
    public void Policy_needs_a_base_tier_that_takes_no_points()
    {
        Assert.Throws<ArgumentException>(() => new TierPolicy([new("silver", 1_000)], TimeSpan.FromDays(365)));
    }

    [Fact]
    public void Upgrade_takes_effect_on_the_purchase_that_crosses_the_threshold()
    {
        MemberEvent[] stream = [Enrolled(T0), Earned("buy-1", 999, T0)];
        var account = AccountWith(stream);
        Assert.Equal("member", account.Tier);

        account.Apply(Earned("buy-2", 1, T0.AddDays(1)));

        Assert.Equal("silver", account.Tier);
        Assert.Equal(["member", "silver"], LedgerStatement.All([.. stream, Earned("buy-2", 1, T0.AddDays(1))]).Select(e => e.TierAfter));
    }

    [Fact]
    public void One_large_purchase_goes_straight_to_gold()
    {
        MemberEvent[] stream = [Enrolled(T0), Earned("buy-1", 5_000, T0)];

        Assert.Equal("gold", AccountWith(stream).Tier);
        Assert.Equal("gold", Assert.Single(LedgerStatement.All(stream)).TierAfter);
    }

    [Fact]
    public void Qualifying_points_count_purchases_in_the_365_days_up_to_as_of()
    {
        var asOf = T0.AddDays(500);
        var account = AccountWith(
            Enrolled(T0),
            Earned("too-old", 1, asOf.AddDays(-366), recordedAt: asOf.AddDays(-366)),
            Earned("window-start", 10, asOf.AddDays(-365), recordedAt: asOf.AddDays(-365)),
            Earned("just-inside", 100, asOf.AddDays(-365).AddSeconds(1), recordedAt: asOf.AddDays(-365).AddSeconds(1)),
            Earned("recent", 1_000, asOf.AddHours(-1), recordedAt: asOf.AddHours(-1)),
            Earned("at-as-of", 10_000, asOf, recordedAt: asOf),
            Earned("later", 100_000, asOf.AddSeconds(1), recordedAt: asOf.AddSeconds(1)));

        Assert.Equal(11_100, account.QualifyingPoints(asOf));
    }

    [Fact]
    public void Backdated_purchase_outside_the_window_earns_points_but_does_not_qualify()
    {
        var account = AccountWith(Enrolled(T0), Earned("old-receipt", 1_200, occurredAt: T0.AddDays(-400), recordedAt: T0));

        Assert.Equal(1_200, account.PointsBalance);
        Assert.Equal(0, account.QualifyingPoints(T0));
        Assert.Equal("member", account.Tier);
    }

    [Fact]
    public void Tier_is_kept_when_its_points_age_out_of_the_window()
    {
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 1_200, T0));
        var aYearLater = T0.AddDays(400);

        account.Apply(Earned("buy-2", 10, aYearLater));

        Assert.Equal("silver", account.Tier);
        Assert.Equal(new TierStanding("silver", 10, "gold", 4_990), account.Standing(aYearLater));
    }

    [Fact]
    public void Standing_shows_the_points_still_needed_for_the_next_tier()
    {
        Assert.Equal(
            new TierStanding("member", 300, "silver", 700),
            AccountWith(Enrolled(T0), Earned("buy-1", 300, T0)).Standing(T0));
        Assert.Equal(
            new TierStanding("silver", 1_200, "gold", 3_800),
            AccountWith(Enrolled(T0), Earned("buy-1", 1_200, T0)).Standing(T0));
    }

    [Fact]
    public void Gold_has_no_next_tier()
    {
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 6_000, T0));

        Assert.Equal(new TierStanding("gold", 6_000, null, 0), account.Standing(T0));
    }

    [Fact]
    public void Redemptions_do_not_reduce_qualifying_points()
    {
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 1_200, T0), Redeemed("redeem-1", 1_000, T0.AddHours(1)));

        Assert.Equal(200, account.PointsBalance);
        Assert.Equal("silver", account.Tier);
        Assert.Equal(new TierStanding("silver", 1_200, "gold", 3_800), account.Standing(T0.AddHours(1)));
    }
}
