using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Tiers;

namespace OrleansLoyalty.Domain.Tests.Tiers;

/// <summary>Tiers by points, spend or purchases, upgrades at once, and the anniversary review that lowers one level at most.</summary>
public sealed class TierQualificationTests
{
    private static TierPolicy Policy(bool all = false) => new(
        [
            new("insider", 0),
            new("vib", 700, QualifyingSpend: 350m),
            new("rouge", 2_000, QualifyingSpend: 1_000m, QualifyingPurchases: 24) { Benefits = new TierBenefits(true, true, true, 500) },
        ],
        TimeSpan.FromDays(365), all, graceDays: 30);

    [Theory]
    [InlineData(0, 0, 0, "insider")]
    [InlineData(700, 0, 0, "vib")]
    [InlineData(10, 350, 1, "vib")]
    [InlineData(10, 100, 24, "rouge")]
    [InlineData(2_000, 0, 0, "rouge")]
    public void Any_threshold_of_a_tier_reaches_it(long points, decimal spend, int purchases, string tier)
    {
        Assert.Equal(tier, Policy().Qualified(new TierActivity(points, spend, purchases)));
    }

    [Theory]
    [InlineData(2_000, 999, 24, "vib")]
    [InlineData(2_000, 1_000, 23, "vib")]
    [InlineData(2_000, 1_000, 24, "rouge")]
    [InlineData(700, 349, 50, "insider")]
    public void With_all_every_threshold_of_a_tier_must_be_met(long points, decimal spend, int purchases, string tier)
    {
        Assert.Equal(tier, Policy(all: true).Qualified(new TierActivity(points, spend, purchases)));
    }

    [Fact]
    public void Earning_never_lowers_a_tier_and_standing_says_what_the_next_one_takes_and_what_this_one_gives()
    {
        var policy = Policy();
        Assert.Equal("rouge", policy.TierAfterEarning("rouge", new TierActivity(0, 0, 0)));
        Assert.Equal("vib", policy.TierAfterEarning("insider", new TierActivity(0, 400, 2)));

        var standing = policy.Standing("vib", new TierActivity(1_500, 600m, 20));
        Assert.Equal(("rouge", 500L, 400m, 4), (standing.NextTier, standing.PointsToNextTier, standing.SpendToNextTier, standing.PurchasesToNextTier));
        Assert.Equal(TierBenefits.None, standing.Benefits);
        Assert.True(policy.Standing("rouge", new TierActivity(0, 0, 0)).Benefits.PriorityService);
        Assert.Null(policy.Standing("insider", new TierActivity(0, 0, 0)).PurchasesToNextTier);
    }

    [Theory]
    [InlineData("rouge", 2_500, "rouge")]
    [InlineData("rouge", 800, "vib")]
    [InlineData("rouge", 0, "vib")]
    [InlineData("vib", 0, "insider")]
    [InlineData("vib", 700, "vib")]
    [InlineData("insider", 0, "insider")]
    [InlineData("platinum", 800, "vib")]
    public void A_review_keeps_a_tier_still_reached_and_otherwise_lowers_it_one_level(string held, long points, string after)
    {
        Assert.Equal(after, Policy().Review(held, new TierActivity(points, 0, 0)));
    }

    [Fact]
    public void Anniversaries_follow_the_enrolment_and_a_leap_day_falls_on_28_february()
    {
        var leap = new DateTimeOffset(2024, 2, 29, 10, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2025, 2, 28, 10, 30, 0, TimeSpan.Zero), TierAnniversary.In(leap, 2025));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 10, 30, 0, TimeSpan.Zero), TierAnniversary.In(leap, 2028));
        // An enrolment at 23:30 in Berlin is 22:30 UTC: anniversaries are UTC instants, the same on every silo.
        var berlin = new DateTimeOffset(2025, 3, 30, 23, 30, 0, TimeSpan.FromHours(2));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 21, 30, 0, TimeSpan.Zero), TierAnniversary.In(berlin, 2026));
    }

    [Fact]
    public void A_review_is_due_after_the_grace_once_per_anniversary_and_missed_years_are_reviewed_once()
    {
        var enrolled = new DateTimeOffset(2024, 12, 20, 0, 0, 0, TimeSpan.Zero);
        var anniversary = new DateTimeOffset(2025, 12, 20, 0, 0, 0, TimeSpan.Zero);

        Assert.Null(TierAnniversary.DueReview(enrolled, 30, null, anniversary.AddDays(29)));
        Assert.Equal(anniversary, TierAnniversary.DueReview(enrolled, 30, null, anniversary.AddDays(30)));
        Assert.Null(TierAnniversary.DueReview(enrolled, 30, anniversary, anniversary.AddDays(40)));
        // The grace runs into the next year; and after three years down, only the latest anniversary is reviewed.
        Assert.Equal(anniversary, TierAnniversary.DueReview(enrolled, 30, null, new DateTimeOffset(2026, 1, 25, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(anniversary.AddYears(2), TierAnniversary.DueReview(enrolled, 30, null, anniversary.AddYears(2).AddDays(31)));

        Assert.Equal(anniversary.AddDays(30), TierAnniversary.NextReviewAt(enrolled, 30, enrolled));
        Assert.Equal(anniversary.AddYears(1).AddDays(30), TierAnniversary.NextReviewAt(enrolled, 30, anniversary.AddDays(30)));
    }
}
