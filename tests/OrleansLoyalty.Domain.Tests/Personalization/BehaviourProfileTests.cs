using OrleansLoyalty.Domain.Personalization;
using static OrleansLoyalty.Domain.Tests.Personalization.Shopping;

namespace OrleansLoyalty.Domain.Tests.Personalization;

public sealed class BehaviourProfileTests
{
    [Fact]
    public void A_member_without_purchases_has_an_empty_profile()
    {
        var profile = BehaviourProfile.Of(History());

        Assert.Empty(profile.FavouriteCategories);
        Assert.Null(profile.PreferredWeekday);
        Assert.Null(profile.PreferredHour);
        Assert.Null(profile.TypicalIntervalDays);
        Assert.Null(profile.PriceSensitivity);
        Assert.Null(profile.DaysSinceLastPurchase);
    }

    [Fact]
    public void Favourite_categories_are_ranked_by_share_of_spend()
    {
        var profile = BehaviourProfile.Of(History(
            DaysAgo(3, 100, 0, Line("Shoes", 60), Line("Socks", 10), Line(null, 30)),
            DaysAgo(2, 100, 0, Line("Shirts", 40), Line("Shoes", 40), Line("Hats", 20))));

        Assert.Equal(
            [new CategoryShare("Shoes", 100, 0.5m), new CategoryShare("Shirts", 40, 0.2m), new CategoryShare("Hats", 20, 0.1m)],
            profile.FavouriteCategories);
    }

    [Fact]
    public void Unitemised_spend_dilutes_shares_but_is_never_a_favourite()
    {
        var profile = BehaviourProfile.Of(History(DaysAgo(3, 300), DaysAgo(2, 100, 0, Line("Shoes", 100))));

        Assert.Equal([new CategoryShare("Shoes", 100, 0.25m)], profile.FavouriteCategories);
    }

    [Fact]
    public void Categories_match_ignoring_case_and_blanks_and_keep_their_first_spelling()
    {
        var profile = BehaviourProfile.Of(History(
            DaysAgo(3, 30, 0, Line("Running Shoes", 30)),
            DaysAgo(2, 50, 0, Line(" running shoes ", 50)),
            DaysAgo(1, 20, 0, Line("  ", 20))));

        Assert.Equal([new CategoryShare("Running Shoes", 80, 0.8m)], profile.FavouriteCategories);
    }

    [Fact]
    public void Equal_spend_is_ranked_by_name_and_only_the_top_n_are_kept()
    {
        var profile = BehaviourProfile.Of(
            History(DaysAgo(1, 40, 0, Line("socks", 10), Line("Hats", 10), Line("bags", 10), Line("Belts", 10))),
            favouriteCount: 2);

        Assert.Equal(["bags", "Belts"], profile.FavouriteCategories.Select(category => category.Category));
    }

    [Fact]
    public void Preferred_weekday_is_the_clear_mode_of_visits_with_what_is_bought_that_day()
    {
        var mondays = new[] { 0, 7, 14 }.Select(days => DaysAgo(days, 80, 0, Line("Running Shoes", 60), Line("Socks", 20)));
        var profile = BehaviourProfile.Of(History([.. mondays, DaysAgo(2, 100, 0, Line("Shirts", 100))]));

        Assert.Equal(new WeekdayPreference(DayOfWeek.Monday, 3, 4, "Running Shoes"), profile.PreferredWeekday);
        Assert.Equal(0.75m, profile.PreferredWeekday!.Share);
    }

    [Fact]
    public void No_main_category_when_none_has_half_of_that_weekdays_spend()
    {
        var mondays = new[] { 0, 7, 14 }.Select(days => DaysAgo(days, 100, 0, Line("Shoes", 40), Line("Socks", 30), Line("Hats", 30)));

        Assert.Null(BehaviourProfile.Of(History([.. mondays])).PreferredWeekday!.MainCategory);
    }

    [Fact]
    public void Fewer_than_three_visits_show_no_preferred_weekday()
    {
        Assert.Null(BehaviourProfile.Of(VisitedDaysAgo(0, 7)).PreferredWeekday);
    }

    [Fact]
    public void Several_tills_on_one_day_are_one_visit()
    {
        var profile = BehaviourProfile.Of(History(DaysAgo(0), Buy(Now.AddHours(-1)), Buy(Now.AddHours(-2)), DaysAgo(1), DaysAgo(2)));

        Assert.Null(profile.PreferredWeekday);
    }

    [Fact]
    public void A_tie_is_no_preference()
    {
        Assert.Null(BehaviourProfile.Of(VisitedDaysAgo(0, 7, 1, 8)).PreferredWeekday);
    }

    [Fact]
    public void A_weekday_needs_thirty_percent_of_visits()
    {
        // Ten visits: three Mondays (30 %), two Tuesdays, and one each on the other five days.
        var atThreshold = VisitedDaysAgo(0, 7, 14, 6, 13, 5, 4, 3, 2, 1);
        // Seven visits: two Mondays (29 %), one each on the other five weekdays.
        var belowThreshold = VisitedDaysAgo(0, 7, 5, 4, 3, 2, 1);

        Assert.Equal(DayOfWeek.Monday, BehaviourProfile.Of(atThreshold).PreferredWeekday?.Weekday);
        Assert.Null(BehaviourProfile.Of(belowThreshold).PreferredWeekday);
    }

    [Fact]
    public void Weekday_and_hour_are_read_in_the_members_time_zone()
    {
        // Sunday 23:30 UTC is Monday 00:30 in Berlin.
        var sundayNights = new[] { 0, 7, 14 }.Select(days => Buy(new DateTimeOffset(2026, 11, 15, 23, 30, 0, TimeSpan.Zero).AddDays(-days)));
        var history = PurchaseHistory.Of([.. sundayNights], Now, MemberTimeZone.FromIanaId("Europe/Berlin"));

        var profile = BehaviourProfile.Of(history);

        Assert.Equal(DayOfWeek.Monday, profile.PreferredWeekday?.Weekday);
        Assert.Equal(new HourPreference(0, 3, 3), profile.PreferredHour);
    }

    [Fact]
    public void Preferred_hour_counts_each_hour_of_a_day_once()
    {
        var profile = BehaviourProfile.Of(History(
            Buy(Now.AddDays(-1).AddHours(-3)),
            Buy(Now.AddDays(-1).AddHours(-3).AddMinutes(20)),
            Buy(Now.AddDays(-2).AddHours(-3)),
            Buy(Now.AddDays(-3).AddHours(6))));

        Assert.Equal(new HourPreference(9, 2, 3), profile.PreferredHour);
        Assert.Equal(2m / 3, profile.PreferredHour!.Share);
    }

    [Fact]
    public void Price_sensitivity_is_the_share_of_discounted_purchases()
    {
        var profile = BehaviourProfile.Of(History(DaysAgo(1, 50, 5), DaysAgo(2), DaysAgo(3), DaysAgo(3, 20, 0.01m)));

        Assert.Equal(0.5m, profile.PriceSensitivity);
    }

    [Fact]
    public void Typical_interval_and_silence_come_from_the_history()
    {
        var profile = BehaviourProfile.Of(VisitedDaysAgo(26, 14, 2));

        Assert.Equal(12.0, profile.TypicalIntervalDays);
        Assert.Equal(2, profile.DaysSinceLastPurchase);
    }
}
