using System.Text.Json;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

/// <summary>
/// Scoring with any stored model never throws and never yields a value JSON cannot carry: where the
/// model's expectation does not exist the score takes the documented fallback and says so.
/// </summary>
public sealed class MemberScorerFallbackTests
{
    private static readonly ClvAssumptions Assumptions = new(grossMargin: 0.3, annualDiscountRate: 0.10, horizonWeeks: 52);

    /// <summary>The spend model of the fit that made every first purchase fail.</summary>
    private static readonly GammaGammaParameters IncidentSpendModel = new(2.1, 0.69, 15);

    /// <summary>Parameters no check would accept, as a hand-made or pre-check row of clv_models can hold them.</summary>
    public static TheoryData<string, BgNbdParameters, GammaGammaParameters> BadModels => new()
    {
        { "q = 0.69 (the incident)", CdnowData.PublishedBgNbd, IncidentSpendModel },
        { "q = 1", CdnowData.PublishedBgNbd, new(6.25, 1, 15.4) },
        { "p and q tiny", CdnowData.PublishedBgNbd, new(1e-9, 1e-6, 15.4) },
        { "a = 1", new(0.24, 4.4, 1, 2.4), CdnowData.PublishedGammaGamma },
        { "a + b = 1", new(0.24, 4.4, 0.5, 0.5), CdnowData.PublishedGammaGamma },
        { "alpha tiny", new(0.24, 1e-9, 0.79, 2.4), CdnowData.PublishedGammaGamma },
        { "alpha at the double minimum", new(0.24, 1e-300, 0.79, 2.4), CdnowData.PublishedGammaGamma },
        { "alpha huge", new(0.24, 1e9, 0.79, 2.4), CdnowData.PublishedGammaGamma },
        { "r huge", new(1e6, 4.4, 0.79, 2.4), CdnowData.PublishedGammaGamma },
        { "a run-away fit", new(0.458, 1.04, 0.0019, 1.26e13), new(1.61, 1.55e7, 2.69e9) },
        { "a degenerate likelihood's optimum", new(1.77e143, 1.9e-9, 4.25e300, 2.14e302), IncidentSpendModel },
        { "gamma beyond any amount", CdnowData.PublishedBgNbd, new(6, 3.7, 1e30) },
        { "every parameter at the double maximum", new(double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue), new(double.MaxValue, double.MaxValue, double.MaxValue) },
        { "every parameter at the smallest double", new(double.Epsilon, double.Epsilon, double.Epsilon, double.Epsilon), new(double.Epsilon, double.Epsilon, double.Epsilon) },
    };

    [Fact]
    public void A_first_purchase_under_the_incident_model_scores_with_spend_and_clv_unknown()
    {
        var scorer = new MemberScorer(CdnowData.PublishedBgNbd, IncidentSpendModel, Assumptions);

        var score = scorer.Score(new PurchaseSummary(0, 0, 0, 0));

        Assert.Equal(ScoreFallbacks.SpendUnknown, score.Fallbacks);
        Assert.Equal((0.0, 0.0), (score.ExpectedSpendPerPurchase, score.PredictedClv));
        Assert.Equal(1, score.ProbabilityAlive);
        Assert.Equal(BgNbdModel.ConditionalExpectedTransactions(CdnowData.PublishedBgNbd, new PurchaseSummary(0, 0, 0, 0), MemberScorer.NinetyDaysInWeeks), score.ExpectedPurchasesNext90Days, 14);
    }

    [Fact]
    public void Where_the_expected_spend_is_infinite_a_repeat_buyer_gets_their_own_mean_repeat_spend()
    {
        // p·x + q − 1 = 0.1x − 0.31 ≤ 0 up to x = 3: the Gamma-Gamma expectation is infinite there.
        var scorer = new MemberScorer(CdnowData.PublishedBgNbd, new GammaGammaParameters(0.1, 0.69, 15), Assumptions);

        var fallback = scorer.Score(new PurchaseSummary(3, 20, 30, 42.5));
        var model = scorer.Score(new PurchaseSummary(4, 20, 30, 42.5));

        Assert.Equal(ScoreFallbacks.SpendIsMemberMean, fallback.Fallbacks);
        Assert.Equal(42.5, fallback.ExpectedSpendPerPurchase);
        Assert.True(fallback.PredictedClv > 0);
        Assert.Equal(ScoreFallbacks.None, model.Fallbacks);
        Assert.Equal(0.1 * (15 + 4 * 42.5) / 0.09, model.ExpectedSpendPerPurchase, 9);
    }

    [Fact]
    public void Where_equation_10_has_no_finite_value_purchases_and_clv_are_unknown()
    {
        // α at the bottom of the double range puts z = t/(α + T + t) at exactly 1 for a first purchase today.
        var scorer = new MemberScorer(new BgNbdParameters(0.24, 1e-300, 0.79, 2.4), CdnowData.PublishedGammaGamma, Assumptions);

        var score = scorer.Score(new PurchaseSummary(0, 0, 0, 0));

        Assert.Equal(ScoreFallbacks.PurchasesUnknown, score.Fallbacks);
        Assert.Equal((1.0, 0.0, 0.0), (score.ProbabilityAlive, score.ExpectedPurchasesNext90Days, score.PredictedClv));
        Assert.Equal(GammaGammaModel.ConditionalExpectedSpend(CdnowData.PublishedGammaGamma, 0, 0), score.ExpectedSpendPerPurchase, 12);
    }

    [Fact]
    public void A_clv_beyond_any_amount_is_unknown()
    {
        // A hundred purchases a week while alive, at a spend of 2·10²⁷: the CLV exceeds what a decimal amount can hold.
        var scorer = new MemberScorer(new BgNbdParameters(1, 0.01, 0.79, 2.4), new GammaGammaParameters(6, 3.7, 1e27), Assumptions);

        var score = scorer.Score(new PurchaseSummary(0, 0, 0, 0));

        Assert.Equal(ScoreFallbacks.ClvUnknown, score.Fallbacks);
        Assert.Equal(0, score.PredictedClv);
        Assert.True(score.ExpectedPurchasesNext90Days > 1);
        Assert.Equal(GammaGammaModel.ConditionalExpectedSpend(new GammaGammaParameters(6, 3.7, 1e27), 0, 0), score.ExpectedSpendPerPurchase);
    }

    [Fact]
    public void Members_whose_repeat_purchases_were_all_free_get_the_population_mean_shrunk_towards_zero()
    {
        var scorer = new MemberScorer(CdnowData.PublishedBgNbd, CdnowData.PublishedGammaGamma, Assumptions);
        var (p, q, gamma) = (CdnowData.PublishedGammaGamma.P, CdnowData.PublishedGammaGamma.Q, CdnowData.PublishedGammaGamma.Gamma);

        var score = scorer.Score(new PurchaseSummary(2, 10, 20, 0));

        Assert.Equal(ScoreFallbacks.None, score.Fallbacks);
        Assert.Equal(p * gamma / (2 * p + q - 1), score.ExpectedSpendPerPurchase, 12);
    }

    [Theory]
    [InlineData(ScoreFallbacks.SpendIsMemberMean, "own average repeat purchase")]
    [InlineData(ScoreFallbacks.SpendUnknown, "spend per purchase and CLV are shown as 0: unknown")]
    [InlineData(ScoreFallbacks.PurchasesUnknown, "expected purchases and CLV are shown as 0: unknown")]
    [InlineData(ScoreFallbacks.ClvUnknown, "CLV is beyond any amount")]
    public void The_explanation_names_the_fallback(ScoreFallbacks fallback, string expected)
    {
        var rhythm = new MemberPurchaseRhythm(new PurchaseSummary(1, 2, 4, 20), new DateOnly(2025, 1, 2), new DateOnly(2025, 1, 16), 2, new DateOnly(2025, 1, 30));

        var explanation = MemberPurchaseHistory.Explain(rhythm, new MemberScore(1, 0, 0, 0, ChurnRisk.Low, fallback));

        Assert.Contains(expected, explanation);
        Assert.DoesNotContain("unknown", MemberPurchaseHistory.Explain(rhythm, new MemberScore(1, 0.5, 20, 3, ChurnRisk.Low, ScoreFallbacks.None)));
    }

    [Theory]
    [MemberData(nameof(BadModels))]
    public void Scoring_never_throws_and_every_value_is_finite_for_any_history(string model, BgNbdParameters purchases, GammaGammaParameters spend)
    {
        var scorer = new MemberScorer(purchases, spend, Assumptions);
        foreach (var history in Histories(seed: 20_240_611, count: 1_500))
        {
            var score = scorer.Score(history);

            var context = $"{model}, {history}: {score}";
            Assert.True(score.ProbabilityAlive is >= 0 and <= 1, context);
            Assert.True(double.IsFinite(score.ExpectedPurchasesNext90Days), context);
            Assert.True(double.IsFinite(score.ExpectedSpendPerPurchase) && Math.Abs(score.ExpectedSpendPerPurchase) <= MemberScorer.LargestAmount, context);
            Assert.True(double.IsFinite(score.PredictedClv) && Math.Abs(score.PredictedClv) <= MemberScorer.LargestAmount, context);
            AssertFallbackValues(history, score, context);

            // What the member grain does with a score: JSON for the insights, a decimal for offer planning.
            JsonSerializer.Serialize(score);
            _ = (decimal)score.PredictedClv;
        }
    }

    /// <summary>Valid histories (x ≥ 0, 0 ≤ tₓ ≤ T) over many orders of magnitude, plus the edges: nothing yet, all at once, huge.</summary>
    private static IEnumerable<PurchaseSummary> Histories(int seed, int count)
    {
        yield return new PurchaseSummary(0, 0, 0, 0);
        yield return new PurchaseSummary(0, 0, 1e6, 0);
        yield return new PurchaseSummary(3, 0, 0, 10);
        yield return new PurchaseSummary(1, 1 / 7.0, 1 / 7.0, 0);
        yield return new PurchaseSummary(5_000, 500, 500, 1e6);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var repeats = random.Next(4) switch { 0 => 0, 1 => random.Next(1, 5), 2 => random.Next(5, 60), _ => random.Next(60, 2_000) };
            var age = Math.Pow(10, random.NextDouble() * 6 - 3);
            var recency = repeats == 0 ? 0 : age * random.NextDouble();
            var meanSpend = repeats == 0 || random.Next(10) == 0 ? 0 : Math.Pow(10, random.NextDouble() * 8 - 2);
            yield return new PurchaseSummary(repeats, recency, age, meanSpend);
        }
    }

    private static void AssertFallbackValues(PurchaseSummary history, MemberScore score, string context)
    {
        if (score.Fallbacks.HasFlag(ScoreFallbacks.SpendIsMemberMean))
        {
            Assert.Equal(history.MeanRepeatSpend, score.ExpectedSpendPerPurchase);
        }

        if (score.Fallbacks.HasFlag(ScoreFallbacks.SpendUnknown))
        {
            Assert.True(score.ExpectedSpendPerPurchase == 0 && score.PredictedClv == 0, context);
        }

        if (score.Fallbacks.HasFlag(ScoreFallbacks.PurchasesUnknown))
        {
            Assert.True(score.ExpectedPurchasesNext90Days == 0 && score.PredictedClv == 0, context);
        }

        if (score.Fallbacks.HasFlag(ScoreFallbacks.ClvUnknown))
        {
            Assert.True(score.PredictedClv == 0, context);
        }
    }
}
