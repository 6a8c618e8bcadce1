namespace OrleansLoyalty.Domain.Prediction;

/// <summary>How likely a member is to have stopped buying, banded from P(alive).</summary>
public enum ChurnRisk
{
    Low,
    Medium,
    High,
}

/// <summary>
/// Where a score is not the model's own expectation, and why. A fit that needs any of these is refused
/// (<see cref="ClvModelCheck"/>); they exist for models stored before fits were checked, which must still
/// score every member without failing a purchase.
/// </summary>
[Flags]
public enum ScoreFallbacks
{
    None = 0,

    /// <summary>
    /// The Gamma-Gamma E[M | x, mₓ] is infinite for this history (p·x + q ≤ 1): the expected spend is the
    /// member's own mean repeat spend mₓ, the limit the Gamma-Gamma weighting tends to when the population
    /// mean carries no finite information.
    /// </summary>
    SpendIsMemberMean = 1,

    /// <summary>
    /// No finite expected spend and no repeat purchase to average (a first purchase under q ≤ 1): spend and
    /// CLV are reported as 0, meaning unknown. Offer planning treats a CLV of 0 as it treats no model.
    /// </summary>
    SpendUnknown = 2,

    /// <summary>Equation (10) has no finite value for this history under this model: expected purchases and CLV are reported as 0, meaning unknown.</summary>
    PurchasesUnknown = 4,

    /// <summary>Spend and purchases are known but the CLV is not an amount of money (beyond <see cref="MemberScorer.LargestAmount"/>): it is reported as 0, meaning unknown.</summary>
    ClvUnknown = 8,
}

/// <summary>The model's view of one member after their latest purchase; every value is finite.</summary>
/// <param name="ProbabilityAlive">P(alive | x, tₓ, T) of the BG/NBD.</param>
/// <param name="ExpectedPurchasesNext90Days">E[Y(90/7 weeks) | x, tₓ, T].</param>
/// <param name="ExpectedSpendPerPurchase">Gamma-Gamma E[M | x, mₓ], in the currency of the spend data.</param>
/// <param name="PredictedClv">Expected discounted margin over the CLV horizon, same currency.</param>
/// <param name="Fallbacks">Which values are fallbacks rather than the model's expectation; <see cref="ScoreFallbacks.None"/> normally.</param>
public readonly record struct MemberScore(
    double ProbabilityAlive,
    double ExpectedPurchasesNext90Days,
    double ExpectedSpendPerPurchase,
    double PredictedClv,
    ChurnRisk ChurnRisk,
    ScoreFallbacks Fallbacks);

/// <summary>
/// Scores a member from fitted models. Meant to run inside a grain on every purchase: no allocation,
/// and the cost is one P(alive), one 90-day forecast and one weekly forecast per CLV horizon week.
/// Never throws for a valid history (x ≥ 0, 0 ≤ tₓ ≤ T finite) under any positive parameters: where an
/// expectation does not exist the score carries a documented fallback (<see cref="ScoreFallbacks"/>)
/// and every value stays finite, so a bad stored model cannot fail a purchase or an insights answer.
/// </summary>
public sealed class MemberScorer
{
    /// <summary>90 days in the models' unit, weeks.</summary>
    public const double NinetyDaysInWeeks = 90 / 7.0;

    /// <summary>
    /// The largest spend or CLV reported: 10²⁸, below decimal's 7.9·10²⁸, so every score converts to a
    /// decimal amount. Only absurd stored parameters come near it.
    /// </summary>
    public const double LargestAmount = 1e28;

    /// <summary>
    /// P(alive) at or above this is <see cref="ChurnRisk.Low"/>: the member is clearly more likely active than not.
    /// </summary>
    public const double LowRiskMinimumProbabilityAlive = 0.7;

    /// <summary>
    /// P(alive) below this is <see cref="ChurnRisk.High"/>: the member is more likely gone than not, by a
    /// clear margin. Between the two thresholds the model is unsure, which is where a win-back nudge
    /// is most likely to change the outcome. The BG/NBD lets customers drop out only right after a
    /// purchase, so a member without a repeat purchase always has P(alive) = 1 and rates Low; their
    /// risk shows in a low expected purchase count instead.
    /// </summary>
    public const double HighRiskBelowProbabilityAlive = 0.3;

    private readonly BgNbdParameters _purchaseModel;
    private readonly GammaGammaParameters _spendModel;
    private readonly ClvAssumptions _clvAssumptions;

    public MemberScorer(BgNbdParameters purchaseModel, GammaGammaParameters spendModel, ClvAssumptions clvAssumptions)
    {
        ArgumentNullException.ThrowIfNull(clvAssumptions);
        _purchaseModel = purchaseModel;
        _spendModel = spendModel;
        _clvAssumptions = clvAssumptions;
    }

    public MemberScore Score(PurchaseSummary member)
    {
        var forecast = new BgNbdForecast(_purchaseModel, member);
        var fallbacks = ScoreFallbacks.None;
        var spend = ExpectedSpend(member, ref fallbacks);
        if (!forecast.TryExpectedTransactions(NinetyDaysInWeeks, out var purchases))
        {
            purchases = 0;
            fallbacks |= ScoreFallbacks.PurchasesUnknown;
        }

        double clv = 0;
        if ((fallbacks & (ScoreFallbacks.SpendUnknown | ScoreFallbacks.PurchasesUnknown)) == 0)
        {
            if (!CustomerLifetimeValue.TryExpectedDiscountedMargin(forecast, spend, _clvAssumptions, out clv))
            {
                clv = 0;
                fallbacks |= ScoreFallbacks.PurchasesUnknown;
                purchases = 0;
            }
            else if (!IsAmount(clv))
            {
                clv = 0;
                fallbacks |= ScoreFallbacks.ClvUnknown;
            }
        }

        return new MemberScore(forecast.ProbabilityAlive, purchases, spend, clv, ClassifyChurnRisk(forecast.ProbabilityAlive), fallbacks);
    }

    public static ChurnRisk ClassifyChurnRisk(double probabilityAlive) => probabilityAlive switch
    {
        >= LowRiskMinimumProbabilityAlive => ChurnRisk.Low,
        >= HighRiskBelowProbabilityAlive => ChurnRisk.Medium,
        _ => ChurnRisk.High,
    };

    /// <summary>
    /// The Gamma-Gamma expectation, or the fallbacks of <see cref="ScoreFallbacks"/>. A mean repeat spend
    /// that is negative or not a number cannot come from the ledger (amounts are ≥ 0); it counts as 0, no
    /// spend observed, rather than failing the purchase being scored.
    /// </summary>
    private double ExpectedSpend(PurchaseSummary member, ref ScoreFallbacks fallbacks)
    {
        var meanRepeatSpend = member.MeanRepeatSpend >= 0 ? member.MeanRepeatSpend : 0;
        if (GammaGammaModel.TryConditionalExpectedSpend(_spendModel, member.Frequency, meanRepeatSpend, out var expected) && IsAmount(expected))
        {
            return expected;
        }

        if (member.Frequency > 0 && IsAmount(meanRepeatSpend))
        {
            fallbacks |= ScoreFallbacks.SpendIsMemberMean;
            return meanRepeatSpend;
        }

        fallbacks |= ScoreFallbacks.SpendUnknown;
        return 0;
    }

    private static bool IsAmount(double value) => double.IsFinite(value) && Math.Abs(value) <= LargestAmount;
}
