using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Domain.Tests.LoyaltyProgram;

public sealed class PointsExpiryTests
{
    [Fact]
    public void Months_after_a_leap_day_end_on_the_last_day_of_february()
    {
        var leapDay = new DateTimeOffset(2028, 2, 29, 15, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2029, 2, 28, 15, 0, 0, TimeSpan.Zero), PointsExpiry.ExpiresAt(new ExpirySection(ExpiryPolicies.MonthsAfterEarn, 12, []), leapDay, "member"));
    }

    [Fact]
    public void End_of_quarter_and_year_are_the_last_tick_of_the_period_in_utc()
    {
        // Earned in a +02:00 zone on 1 August 00:30 local = 31 July 22:30 UTC: the quarter is read in UTC.
        var earned = new DateTimeOffset(2026, 8, 1, 0, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2027, 9, 30, 0, 0, 0, TimeSpan.Zero).AddDays(1).AddTicks(-1),
            PointsExpiry.ExpiresAt(new ExpirySection(ExpiryPolicies.EndOfQuarter, 12, []), earned, "member"));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1),
            PointsExpiry.ExpiresAt(new ExpirySection(ExpiryPolicies.EndOfYear, 0, []), earned, "member"));
    }

    [Fact]
    public void Points_never_expire_under_never_or_for_an_exempt_tier()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Null(PointsExpiry.ExpiresAt(ExpirySection.Never, at, "member"));
        Assert.Null(PointsExpiry.ExpiresAt(new ExpirySection(ExpiryPolicies.MonthsAfterEarn, 12, ["gold"]), at, "gold"));
        Assert.NotNull(PointsExpiry.ExpiresAt(new ExpirySection(ExpiryPolicies.MonthsAfterEarn, 12, ["gold"]), at, "silver"));
    }
}
