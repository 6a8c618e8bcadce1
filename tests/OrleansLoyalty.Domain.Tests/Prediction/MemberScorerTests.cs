using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

public sealed class MemberScorerTests
{
    private static readonly ClvAssumptions Assumptions = new(grossMargin: 0.3, annualDiscountRate: 0.10, horizonWeeks: 52);
    private static readonly MemberScorer Scorer = new(CdnowData.PublishedBgNbd, CdnowData.PublishedGammaGamma, Assumptions);

    [Fact]
    public void Score_combines_the_model_forecasts()
    {
        var member = new PurchaseSummary(2, 30.43, 38.86, 25);

        var score = Scorer.Score(member);

        Assert.Equal(BgNbdModel.ProbabilityAlive(CdnowData.PublishedBgNbd, member), score.ProbabilityAlive, 14);
        Assert.Equal(BgNbdModel.ConditionalExpectedTransactions(CdnowData.PublishedBgNbd, member, 90 / 7.0), score.ExpectedPurchasesNext90Days, 14);
        Assert.Equal(GammaGammaModel.ConditionalExpectedSpend(CdnowData.PublishedGammaGamma, 2, 25), score.ExpectedSpendPerPurchase, 14);
        Assert.Equal(ChurnRisk.Low, score.ChurnRisk);
    }

    [Fact]
    public void Clv_is_the_discounted_weekly_margin()
    {
        var member = new PurchaseSummary(4, 20, 38.86, 30);
        var forecast = new BgNbdForecast(CdnowData.PublishedBgNbd, member);
        var spend = GammaGammaModel.ConditionalExpectedSpend(CdnowData.PublishedGammaGamma, 4, 30);
        var weeklyRate = Math.Pow(1.10, 1 / 52.0) - 1;
        var expected = Enumerable.Range(1, 52).Sum(week =>
            (forecast.ExpectedTransactions(week) - forecast.ExpectedTransactions(week - 1)) * spend * 0.3 / Math.Pow(1 + weeklyRate, week));

        Assert.Equal(expected, Scorer.Score(member).PredictedClv, 10);
    }

    [Fact]
    public void Clv_without_discounting_is_expected_purchases_times_margin()
    {
        var undiscounted = new ClvAssumptions(grossMargin: 1, annualDiscountRate: 0, horizonWeeks: 26);
        var forecast = new BgNbdForecast(CdnowData.PublishedBgNbd, new PurchaseSummary(0, 0, 0, 0));

        Assert.Equal(forecast.ExpectedTransactions(26) * 40, CustomerLifetimeValue.ExpectedDiscountedMargin(forecast, 40, undiscounted), 10);
    }

    [Theory]
    [InlineData(1.0, ChurnRisk.Low)]
    [InlineData(0.7, ChurnRisk.Low)]
    [InlineData(0.69, ChurnRisk.Medium)]
    [InlineData(0.3, ChurnRisk.Medium)]
    [InlineData(0.29, ChurnRisk.High)]
    [InlineData(0.0, ChurnRisk.High)]
    public void Churn_risk_bands(double probabilityAlive, ChurnRisk expected)
    {
        Assert.Equal(expected, MemberScorer.ClassifyChurnRisk(probabilityAlive));
    }

    [Fact]
    public void A_frequent_buyer_gone_quiet_is_high_risk()
    {
        Assert.Equal(ChurnRisk.High, Scorer.Score(new PurchaseSummary(12, 10, 38.86, 20)).ChurnRisk);
    }

    [Fact]
    public void Scoring_does_not_allocate()
    {
        var members = new[] { new PurchaseSummary(0, 0, 0, 0), new PurchaseSummary(2, 30.43, 38.86, 25), new PurchaseSummary(300, 150, 151, 12) };
        foreach (var member in members)
        {
            Scorer.Score(member);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var member in members)
        {
            Scorer.Score(member);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
