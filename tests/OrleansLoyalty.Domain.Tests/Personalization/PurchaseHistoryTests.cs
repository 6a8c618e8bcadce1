using OrleansLoyalty.Domain.Personalization;
using static OrleansLoyalty.Domain.Tests.Personalization.Shopping;

namespace OrleansLoyalty.Domain.Tests.Personalization;

public sealed class PurchaseHistoryTests
{
    [Fact]
    public void Purchases_after_as_of_have_not_happened_yet()
    {
        var history = History(DaysAgo(3), Buy(Now.AddMinutes(1)), DaysAgo(10));

        Assert.Equal([Now.AddDays(-10), Now.AddDays(-3)], history.Purchases.Select(purchase => purchase.OccurredAt));
        Assert.Equal(3, history.DaysSinceLastPurchase);
    }

    [Fact]
    public void Several_purchases_on_one_day_are_one_purchase_day()
    {
        var history = History(DaysAgo(2), Buy(Now.AddDays(-2).AddHours(3)), DaysAgo(5));

        Assert.Equal([new DateOnly(2026, 11, 11), new DateOnly(2026, 11, 14)], history.PurchaseDays);
    }

    [Fact]
    public void A_member_without_purchases_has_no_silence_and_no_interval()
    {
        var history = History();

        Assert.Null(history.DaysSinceLastPurchase);
        Assert.Null(history.TypicalIntervalDays);
        Assert.Empty(history.PurchaseDays);
    }

    [Fact]
    public void Days_are_calendar_days_in_the_members_time_zone()
    {
        var berlin = MemberTimeZone.FromIanaId("Europe/Berlin");
        var lateSaturdayUtc = new DateTimeOffset(2026, 11, 14, 23, 30, 0, TimeSpan.Zero);

        var inUtc = PurchaseHistory.Of([Buy(lateSaturdayUtc)], Now);
        var inBerlin = PurchaseHistory.Of([Buy(lateSaturdayUtc)], Now, berlin);

        Assert.Equal(2, inUtc.DaysSinceLastPurchase);
        Assert.Equal(1, inBerlin.DaysSinceLastPurchase);
        Assert.Equal(new DateOnly(2026, 11, 15), inBerlin.PurchaseDays[0]);
    }

    [Fact]
    public void Two_purchase_days_are_too_few_for_a_typical_interval()
    {
        Assert.Null(VisitedDaysAgo(10, 0).TypicalIntervalDays);
    }

    [Fact]
    public void Typical_interval_is_the_median_gap_so_one_long_break_does_not_dominate()
    {
        Assert.Equal(7.0, VisitedDaysAgo(100, 14, 7, 0).TypicalIntervalDays);
    }

    [Fact]
    public void Typical_interval_of_an_even_number_of_gaps_averages_the_middle_two()
    {
        Assert.Equal(7.5, VisitedDaysAgo(50, 21, 13, 6, 0).TypicalIntervalDays);
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData(" America/New_York ", "America/New_York")]
    [InlineData(null, "UTC")]
    [InlineData("", "UTC")]
    [InlineData("Mars/Olympus_Mons", "UTC")]
    public void Time_zone_from_an_iana_id_falls_back_to_utc(string? ianaId, string expected)
    {
        Assert.Equal(expected, MemberTimeZone.FromIanaId(ianaId).Id);
    }

    [Fact]
    public void A_purchase_fact_rejects_negative_amounts_and_discounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Buy(Now, amount: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Buy(Now, discount: -0.01m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Buy(Now, 10, 0, Line("shoes", -5)));
    }

    [Fact]
    public void A_purchase_fact_keeps_its_own_copy_of_the_lines()
    {
        var lines = new List<PurchaseLine> { Line("shoes", 40) };
        var fact = new PurchaseFact(Now, 40, 0, lines);

        lines.Add(Line("socks", 5));

        Assert.Equal([Line("shoes", 40)], fact.Lines);
    }
}
