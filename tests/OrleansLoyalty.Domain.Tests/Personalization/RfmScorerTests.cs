using OrleansLoyalty.Domain.Personalization;
using static OrleansLoyalty.Domain.Tests.Personalization.Shopping;

namespace OrleansLoyalty.Domain.Tests.Personalization;

public sealed class RfmScorerTests
{
    private static readonly RfmScorer Scorer = new(RfmThresholds.Default);

    [Theory]
    [InlineData(0, 5)]
    [InlineData(14, 5)]
    [InlineData(15, 4)]
    [InlineData(30, 4)]
    [InlineData(31, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 2)]
    [InlineData(180, 2)]
    [InlineData(181, 1)]
    [InlineData(1000, 1)]
    public void Recency_bands_by_days_since_the_last_purchase(int daysAgo, int expected)
    {
        var score = Scorer.Score(VisitedDaysAgo(daysAgo));

        Assert.Equal(expected, score.RecencyScore);
        Assert.Equal(daysAgo, score.DaysSinceLastPurchase);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(7, 3)]
    [InlineData(8, 4)]
    [InlineData(11, 4)]
    [InlineData(12, 5)]
    [InlineData(40, 5)]
    public void Frequency_bands_by_purchase_days_in_the_window(int purchaseDays, int expected)
    {
        var score = Scorer.Score(VisitedDaysAgo([.. Enumerable.Range(0, purchaseDays).Select(day => day * 7)]));

        Assert.Equal(expected, score.FrequencyScore);
        Assert.Equal(purchaseDays, score.PurchaseDaysInWindow);
    }

    [Theory]
    [InlineData("99.99", 1)]
    [InlineData("100", 2)]
    [InlineData("299.99", 2)]
    [InlineData("300", 3)]
    [InlineData("749.99", 3)]
    [InlineData("750", 4)]
    [InlineData("1499.99", 4)]
    [InlineData("1500", 5)]
    public void Monetary_bands_by_spend_in_the_window(string spend, int expected)
    {
        var amount = decimal.Parse(spend, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, Scorer.Score(History(DaysAgo(1, amount))).MonetaryScore);
    }

    [Fact]
    public void Purchases_on_one_day_count_once_for_frequency_but_all_count_for_spend()
    {
        var score = Scorer.Score(History(DaysAgo(1, 60), Buy(Now.AddDays(-1).AddHours(2), 50)));

        Assert.Equal(1, score.PurchaseDaysInWindow);
        Assert.Equal(110m, score.SpendInWindow);
    }

    [Fact]
    public void The_window_is_the_last_365_calendar_days_including_today()
    {
        var score = Scorer.Score(History(DaysAgo(364, 200), DaysAgo(365, 1_000)));

        Assert.Equal(1, score.PurchaseDaysInWindow);
        Assert.Equal(200m, score.SpendInWindow);
        Assert.Equal(364, score.DaysSinceLastPurchase);
    }

    [Fact]
    public void Recency_looks_beyond_the_window()
    {
        var score = Scorer.Score(History(DaysAgo(500, 2_000)));

        Assert.Equal((1, 1, 1), (score.RecencyScore, score.FrequencyScore, score.MonetaryScore));
        Assert.Equal(500, score.DaysSinceLastPurchase);
    }

    [Fact]
    public void A_member_who_never_bought_is_in_the_bottom_cell()
    {
        var score = Scorer.Score(History());

        Assert.Equal("R1F1M1", score.Cell);
        Assert.Null(score.DaysSinceLastPurchase);
        Assert.Equal(0m, score.SpendInWindow);
    }

    [Fact]
    public void Cell_names_the_three_scores()
    {
        var score = Scorer.Score(History(DaysAgo(0, 40), DaysAgo(20, 40), DaysAgo(40, 40), DaysAgo(60, 40)));

        Assert.Equal("R5F3M2", score.Cell);
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var strict = new RfmScorer(RfmThresholds.Default with
        {
            WindowDays = 30,
            MonetaryAtLeast = new(Score2: 10m, Score3: 20m, Score4: 30m, Score5: 40m),
        });

        var score = strict.Score(History(DaysAgo(1, 25), DaysAgo(45, 1_000)));

        Assert.Equal((1, 25m, 3), (score.PurchaseDaysInWindow, score.SpendInWindow, score.MonetaryScore));
    }

    [Fact]
    public void Thresholds_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new RfmScorer(RfmThresholds.Default with { RecencyWithinDays = new(14, 30, 90, 180) }));
        Assert.Throws<ArgumentException>(() => new RfmScorer(RfmThresholds.Default with { FrequencyAtLeastDays = new(2, 2, 8, 12) }));
        Assert.Throws<ArgumentException>(() => new RfmScorer(RfmThresholds.Default with { MonetaryAtLeast = new(0m, 300m, 750m, 1_500m) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RfmScorer(RfmThresholds.Default with { WindowDays = 0 }));
    }
}
