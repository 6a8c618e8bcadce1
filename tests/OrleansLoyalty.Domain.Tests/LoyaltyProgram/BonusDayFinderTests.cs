using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Domain.Tests.LoyaltyProgram;

public sealed class BonusDayFinderTests
{
    private static readonly BonusDayRule Rule = new(LookbackDays: 180, MinPurchases: 6, MinShare: 0.5m, Multiplier: 2);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_member_who_mostly_shops_on_mondays_gets_monday_with_the_reason()
    {
        var mondays = Enumerable.Range(1, 5).Select(w => new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero).AddDays(-7 * w));
        var others = new[] { Now.AddDays(-3), Now.AddDays(-10), Now.AddDays(-17) };

        var choice = BonusDayFinder.Find(Rule, [.. mondays, .. others], TimeZoneInfo.Utc, Now);

        Assert.Equal(DayOfWeek.Monday, choice!.Day);
        Assert.Equal("5 of your 8 purchases in the last 180 days were on a Monday.", choice.Reason);
    }

    [Fact]
    public void Too_few_or_too_spread_purchases_give_no_bonus_day()
    {
        Assert.Null(BonusDayFinder.Find(Rule, [.. Enumerable.Range(1, 5).Select(w => Now.AddDays(-7 * w))], TimeZoneInfo.Utc, Now));
        Assert.Null(BonusDayFinder.Find(Rule, [.. Enumerable.Range(1, 14).Select(d => Now.AddDays(-d))], TimeZoneInfo.Utc, Now));
    }

    [Fact]
    public void Weekdays_are_read_in_the_members_time_zone_across_a_dst_change()
    {
        // Late Sunday evenings in New York are Mondays in UTC; before and after the November DST change alike.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var sundayEvenings = Enumerable.Range(0, 6).Select(w => new DateTimeOffset(2026, 10, 19, 2, 30, 0, TimeSpan.Zero).AddDays(7 * w)).ToList();

        Assert.Equal(DayOfWeek.Sunday, BonusDayFinder.Find(Rule, sundayEvenings, newYork, Now)!.Day);
        Assert.Equal(DayOfWeek.Monday, BonusDayFinder.Find(Rule, sundayEvenings, TimeZoneInfo.Utc, Now)!.Day);
    }
}
