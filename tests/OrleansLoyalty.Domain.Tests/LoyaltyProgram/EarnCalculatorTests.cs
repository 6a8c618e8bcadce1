using System.Text.Json;
using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Domain.Tests.LoyaltyProgram;

/// <summary>The program's earn rules on one purchase, with the points broken down by rule.</summary>
public sealed class EarnCalculatorTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static readonly ProgramDefinition Example = ProgramDefinition.Parse(JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/example-program.json"))).RootElement).Definition!;

    [Theory]
    [InlineData("42.50", 42)]
    [InlineData("42.99", 42)]
    [InlineData("42", 42)]
    [InlineData("0.99", 0)]
    [InlineData("0", 0)]
    public void The_default_program_earns_one_point_per_whole_unit_floored(string amount, long points)
    {
        var result = Earn(ProgramDefinition.Default, Purchase(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(points, result.Total);
        Assert.Equal([new EarnedBy("base", points)], result.Breakdown);
    }

    [Fact]
    public void Categories_multiply_the_base_and_excluded_categories_earn_nothing()
    {
        // 2 points a unit; fragrance ×2, gift cards excluded; nearest rounding. Paid 90 of 100 (10 off the basket).
        var result = Earn(Example, Purchase(90, discount: 10, lines: [Line("perfume", "fragrance", 50), Line("gift", "gift-cards", 30), Line("soap", null, 20)]));

        // Paid share 0.9: base = (45 + 18) × 2 = 126; fragrance bonus = 45 × 2 × (2 − 1) = 90.
        Assert.Equal([new EarnedBy("base", 126), new EarnedBy("category:fragrance", 90)], result.Breakdown);
        Assert.Equal(216, result.Total);
        Assert.Equal(result.Total, result.LinePoints.Sum());
        Assert.Equal(0, result.LinePoints[1]);
    }

    [Fact]
    public void Channel_tier_and_bonus_day_each_add_the_base_again_without_multiplying_each_other()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var result = Earn(Example, Purchase(100, at: monday, channel: "app", tier: "rouge", bonusDay: DayOfWeek.Monday));

        Assert.Equal(
            [new EarnedBy("base", 200), new EarnedBy("channel:app", 50), new EarnedBy("tier:rouge", 100), new EarnedBy("bonus-day:monday", 200)],
            result.Breakdown);
    }

    [Fact]
    public void The_bonus_day_is_the_members_local_weekday()
    {
        // Sunday 23:30 UTC is Monday 00:30 in Berlin (winter time).
        var sundayNightUtc = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        Assert.Contains(Earn(Example, Purchase(10, at: sundayNightUtc, bonusDay: DayOfWeek.Monday, zone: berlin)).Breakdown, b => b.Rule == "bonus-day:monday");
        Assert.DoesNotContain(Earn(Example, Purchase(10, at: sundayNightUtc, bonusDay: DayOfWeek.Monday)).Breakdown, b => b.Rule.StartsWith("bonus-day", StringComparison.Ordinal));
    }

    [Fact]
    public void A_campaign_applies_in_its_window_to_its_categories_up_to_the_members_limit()
    {
        var blackFriday = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var lines = new[] { Line("perfume", "fragrance", 500), Line("soap", null, 100) };

        var during = Earn(Example, Purchase(600, at: blackFriday, lines: lines));
        var nearLimit = Earn(Example, Purchase(600, at: blackFriday, lines: lines, campaignSoFar: 1_900));
        var after = Earn(Example, Purchase(600, at: new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), lines: lines));

        // Fragrance base 1000 × (3 − 1) = 2000, the member limit.
        Assert.Contains(new EarnedBy("campaign:black-friday-2026", 2000), during.Breakdown);
        Assert.Contains(new EarnedBy("campaign:black-friday-2026", 100), nearLimit.Breakdown);
        Assert.DoesNotContain(after.Breakdown, b => b.Rule.StartsWith("campaign:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_campaign_cut_to_its_budget_grant_keeps_the_lines_adding_up()
    {
        var blackFriday = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        IReadOnlyList<EarnLine> lines = [Line("perfume", "fragrance", 500), Line("soap", null, 100)];
        var wanted = Earn(Example, Purchase(600, at: blackFriday, lines: lines));

        var capped = EarnCalculator.Cap(wanted, new Dictionary<string, long> { ["black-friday-2026"] = 30 }, Example.Earning, lines, 600, 0);

        Assert.Contains(new EarnedBy("campaign:black-friday-2026", 30), capped.Breakdown);
        Assert.Equal(capped.Total, capped.LinePoints.Sum());
    }

    [Theory]
    [InlineData(PointsRounding.Floor, "10.5", 10)]
    [InlineData(PointsRounding.Nearest, "10.5", 11)]
    [InlineData(PointsRounding.Nearest, "10.49", 10)]
    [InlineData(PointsRounding.Ceiling, "10.01", 11)]
    public void Rounding_follows_the_program(string rounding, string points, long expected)
    {
        Assert.Equal(expected, EarnCalculator.Round(rounding, decimal.Parse(points, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static EarnResult Earn(ProgramDefinition program, EarnInput purchase) => EarnCalculator.Calculate(program.Earning, program.Tiers.Levels, purchase);

    private static EarnLine Line(string sku, string? category, decimal amount) => new(sku, category, 1, amount);

    private static EarnInput Purchase(
        decimal amount, decimal discount = 0, IReadOnlyList<EarnLine>? lines = null, DateTimeOffset? at = null, string channel = "pos",
        string tier = "member", DayOfWeek? bonusDay = null, TimeZoneInfo? zone = null, long campaignSoFar = 0) =>
        new(amount, at ?? Tuesday, channel, lines ?? [], discount, tier, bonusDay, zone ?? TimeZoneInfo.Utc,
            new Dictionary<string, long> { ["black-friday-2026"] = campaignSoFar });
}
