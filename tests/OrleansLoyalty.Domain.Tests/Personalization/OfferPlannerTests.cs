using OrleansLoyalty.Domain.Personalization;
using static OrleansLoyalty.Domain.Tests.Personalization.Shopping;

namespace OrleansLoyalty.Domain.Tests.Personalization;

public sealed class OfferPlannerTests
{
    private static readonly ProgramBudget Budget = new(maxDiscountPercent: 20, maxBonusMultiplier: 3, maxRecoveryValue: 25, currency: "EUR");
    private static readonly OfferPlanner Planner = new(Budget);

    private static readonly BehaviourProfile RunnerProfile = new(
        DaysSinceLastPurchase: 45,
        FavouriteCategories: [new CategoryShare("Running Shoes", 620, 0.62m), new CategoryShare("Socks", 100, 0.1m)],
        PreferredWeekday: new WeekdayPreference(DayOfWeek.Monday, 3, 4, "Running Shoes"),
        PreferredHour: new HourPreference(18, 3, 4),
        TypicalIntervalDays: 12,
        PriceSensitivity: 0.1m);

    private static readonly BehaviourProfile NoHistory = BehaviourProfile.Of(History());

    [Fact]
    public void A_lead_gets_only_a_welcome_bonus()
    {
        var offer = Assert.Single(Planner.Plan(NoHistory, LifecycleStage.Lead, predictedClv: 500, Now));

        Assert.Equal(
            ("welcome", OfferKind.Welcome, "2x points on your first purchase", 2m, Now, Now.AddDays(30)),
            (offer.Id, offer.Kind, offer.Title, offer.Value, offer.ValidFrom, offer.ValidUntil));
        Assert.Equal(["Welcome! You have joined but not bought anything yet"], offer.Reasons);
    }

    [Fact]
    public void The_welcome_bonus_stays_within_the_budget()
    {
        var capped = new OfferPlanner(new ProgramBudget(20, 1.5m, 25, "EUR")).Plan(NoHistory, LifecycleStage.Lead, null, Now);
        var disabled = new OfferPlanner(new ProgramBudget(20, 1, 25, "EUR")).Plan(NoHistory, LifecycleStage.Lead, null, Now);

        Assert.Equal(("1.5x points on your first purchase", 1.5m), (capped[0].Title, capped[0].Value));
        Assert.Empty(disabled);
    }

    [Fact]
    public void A_repeat_buyer_gets_a_favourite_category_discount_and_a_weekday_bonus_with_reasons()
    {
        var offers = Planner.Plan(RunnerProfile, LifecycleStage.Repeat, predictedClv: 300, Now);

        Assert.Collection(
            offers,
            discount =>
            {
                Assert.Equal(
                    ("fav-category:running-shoes:2026-11", OfferKind.CategoryDiscount, "10 % off Running Shoes", 10m, "Running Shoes", (DayOfWeek?)null),
                    (discount.Id, discount.Kind, discount.Title, discount.Value, discount.Category, discount.Weekday));
                Assert.Equal(["62 % of your spend is on Running Shoes"], discount.Reasons);
            },
            bonus =>
            {
                Assert.Equal(
                    ("bonus-day:Monday:2026-11", OfferKind.WeekdayBonus, "2x points on Mondays", 2m, (string?)null, (DayOfWeek?)DayOfWeek.Monday),
                    (bonus.Id, bonus.Kind, bonus.Title, bonus.Value, bonus.Category, bonus.Weekday));
                Assert.Equal(["You often buy Running Shoes on Mondays", "3 of your 4 visits were on a Monday"], bonus.Reasons);
            });
        Assert.All(offers, offer => Assert.Equal((Now, Now + OfferPlanner.Validity), (offer.ValidFrom, offer.ValidUntil)));
    }

    [Fact]
    public void Without_a_main_category_the_weekday_reason_is_about_shopping()
    {
        var profile = RunnerProfile with { PreferredWeekday = new WeekdayPreference(DayOfWeek.Friday, 5, 9, null) };

        var bonus = Planner.Plan(profile, LifecycleStage.Repeat, null, Now).Single(offer => offer.Kind == OfferKind.WeekdayBonus);

        Assert.Equal(["You often shop on Fridays", "5 of your 9 visits were on a Friday"], bonus.Reasons);
    }

    [Theory]
    [InlineData("0.25", true)]
    [InlineData("0.2499", false)]
    public void A_favourite_needs_a_quarter_of_the_spend(string share, bool expected)
    {
        var profile = RunnerProfile with { FavouriteCategories = [new CategoryShare("Shoes", 100, decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture))] };

        var offers = Planner.Plan(profile, LifecycleStage.Repeat, null, Now);

        Assert.Equal(expected, offers.Any(offer => offer.Kind == OfferKind.CategoryDiscount));
    }

    [Fact]
    public void Members_who_mostly_buy_on_discount_get_a_larger_discount_and_are_told_why()
    {
        var discount = Planner.Plan(RunnerProfile with { PriceSensitivity = 0.5m }, LifecycleStage.Repeat, null, Now)[0];

        Assert.Equal(("15 % off Running Shoes", 15m), (discount.Title, discount.Value));
        Assert.Equal(
            ["62 % of your spend is on Running Shoes", "You often buy on promotion: 50 % of your purchases had a discount"],
            discount.Reasons);
        Assert.Equal(10m, Planner.Plan(RunnerProfile with { PriceSensitivity = 0.49m }, LifecycleStage.Repeat, null, Now)[0].Value);
    }

    [Theory]
    [InlineData("12", "12 % off Running Shoes")]
    [InlineData("7.5", "7.5 % off Running Shoes")]
    [InlineData("0", null)]
    public void The_discount_never_exceeds_the_budget(string maxPercent, string? expectedTitle)
    {
        var budget = new ProgramBudget(decimal.Parse(maxPercent, System.Globalization.CultureInfo.InvariantCulture), 3, 25, "EUR");

        var offers = new OfferPlanner(budget).Plan(RunnerProfile with { PriceSensitivity = 0.9m }, LifecycleStage.Repeat, null, Now);

        Assert.Equal(expectedTitle, offers.SingleOrDefault(offer => offer.Kind == OfferKind.CategoryDiscount)?.Title);
    }

    [Theory]
    [InlineData("1.5", "1.5x points on Mondays")]
    [InlineData("1", null)]
    public void The_weekday_bonus_never_exceeds_the_budget(string maxMultiplier, string? expectedTitle)
    {
        var budget = new ProgramBudget(20, decimal.Parse(maxMultiplier, System.Globalization.CultureInfo.InvariantCulture), 25, "EUR");

        var offers = new OfferPlanner(budget).Plan(RunnerProfile, LifecycleStage.Repeat, null, Now);

        Assert.Equal(expectedTitle, offers.SingleOrDefault(offer => offer.Kind == OfferKind.WeekdayBonus)?.Title);
    }

    [Fact]
    public void An_inactive_member_gets_a_recovery_offer_first_and_no_weekday_bonus()
    {
        var offers = Planner.Plan(RunnerProfile, LifecycleStage.Inactive, predictedClv: 200, Now);

        Assert.Equal(["recovery:2026-11", "fav-category:running-shoes:2026-11"], offers.Select(offer => offer.Id));
        var recovery = offers[0];
        Assert.Equal((OfferKind.Recovery, "20.00 EUR off your next purchase", 20m), (recovery.Kind, recovery.Title, recovery.Value));
        Assert.Equal(["We haven't seen you in 45 days", "You usually shop every 12 days"], recovery.Reasons);
    }

    [Theory]
    [InlineData("200", "20.00")]
    [InlineData("123.456", "12.34")]
    [InlineData("250", "25.00")]
    [InlineData("10000", "25.00")]
    [InlineData("10", "1.00")]
    [InlineData("9.99", null)]
    [InlineData("0", null)]
    [InlineData("-40", null)]
    [InlineData(null, null)]
    public void Recovery_is_a_tenth_of_predicted_clv_rounded_down_capped_at_the_budget(string? clv, string? expected)
    {
        var predictedClv = clv is null ? (decimal?)null : decimal.Parse(clv, System.Globalization.CultureInfo.InvariantCulture);

        var recovery = Planner.Plan(RunnerProfile, LifecycleStage.ChurnRisk, predictedClv, Now).SingleOrDefault(offer => offer.Kind == OfferKind.Recovery);

        Assert.Equal(expected, recovery?.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(LifecycleStage.FirstPurchase)]
    [InlineData(LifecycleStage.Repeat)]
    [InlineData(LifecycleStage.Lapsed)]
    public void Recovery_is_only_for_inactive_and_churn_risk_members(LifecycleStage stage)
    {
        Assert.DoesNotContain(Planner.Plan(RunnerProfile, stage, predictedClv: 500, Now), offer => offer.Kind == OfferKind.Recovery);
    }

    [Fact]
    public void A_lapsed_member_gets_only_the_favourite_category_discount()
    {
        var offer = Assert.Single(Planner.Plan(RunnerProfile with { DaysSinceLastPurchase = 400 }, LifecycleStage.Lapsed, 500, Now));

        Assert.Equal(OfferKind.CategoryDiscount, offer.Kind);
    }

    [Fact]
    public void Recovery_reasons_speak_of_days_naturally()
    {
        var daily = RunnerProfile with { DaysSinceLastPurchase = 1, TypicalIntervalDays = 1.4 };
        var irregular = RunnerProfile with { TypicalIntervalDays = null };

        Assert.Equal(["We haven't seen you in 1 day", "You usually shop every day"], Planner.Plan(daily, LifecycleStage.ChurnRisk, 100, Now)[0].Reasons);
        Assert.Equal(["We haven't seen you in 45 days"], Planner.Plan(irregular, LifecycleStage.Inactive, 100, Now)[0].Reasons);
    }

    [Fact]
    public void Ids_are_stable_within_a_utc_month()
    {
        static IEnumerable<string> IdsAt(DateTimeOffset asOf) => Planner.Plan(RunnerProfile, LifecycleStage.Inactive, 200, asOf).Select(offer => offer.Id);

        Assert.Equal(IdsAt(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)), IdsAt(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero)));
        Assert.Equal(
            ["recovery:2026-12", "fav-category:running-shoes:2026-12"],
            IdsAt(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void No_offer_ever_exceeds_the_budget()
    {
        var tight = new ProgramBudget(maxDiscountPercent: 5, maxBonusMultiplier: 1.25m, maxRecoveryValue: 3, currency: "EUR");
        var planner = new OfferPlanner(tight);

        var offers = Enum.GetValues<LifecycleStage>()
            .SelectMany(stage => new decimal?[] { null, 5, 50, 5_000 }.SelectMany(clv => planner.Plan(RunnerProfile with { PriceSensitivity = 1 }, stage, clv, Now)))
            .ToArray();

        Assert.NotEmpty(offers);
        Assert.All(offers, offer => Assert.True(offer.Value <= offer.Kind switch
        {
            OfferKind.CategoryDiscount => tight.MaxDiscountPercent,
            OfferKind.Welcome or OfferKind.WeekdayBonus => tight.MaxBonusMultiplier,
            _ => tight.MaxRecoveryValue,
        }));
        Assert.Equal(
            [OfferKind.Welcome, OfferKind.CategoryDiscount, OfferKind.WeekdayBonus, OfferKind.Recovery],
            offers.Select(offer => offer.Kind).Distinct().Order());
    }

    [Fact]
    public void A_budget_must_make_sense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgramBudget(101, 2, 10, "EUR"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgramBudget(-1, 2, 10, "EUR"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgramBudget(10, 0.9m, 10, "EUR"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgramBudget(10, 2, -0.01m, "EUR"));
        Assert.Throws<ArgumentException>(() => new ProgramBudget(10, 2, 10, " "));
    }
}
