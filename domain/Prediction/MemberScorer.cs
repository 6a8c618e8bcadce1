namespace OrleansLoyalty.Domain.Prediction;

/// <summary>How likely a member is to have stopped buying, banded from P(alive).</summary>
public enum ChurnRisk
{
    Low,
    Medium,
    High,
}

/// <summary>The model's view of one member after their latest purchase.</summary>
/// <param name="ProbabilityAlive">P(alive | x, tₓ, T) of the BG/NBD.</param>
/// <param name="ExpectedPurchasesNext90Days">E[Y(90/7 weeks) | x, tₓ, T].</param>
/// <param name="ExpectedSpendPerPurchase">Gamma-Gamma E[M | x, mₓ], in the currency of the spend data.</param>
/// <param name="PredictedClv">Expected discounted margin over the CLV horizon, same currency.</param>
public readonly record struct MemberScore(
    double ProbabilityAlive,
    double ExpectedPurchasesNext90Days,
    double ExpectedSpendPerPurchase,
    double PredictedClv,
    ChurnRisk ChurnRisk);

/// <summary>
/// Scores a member from fitted models. Meant to run inside a grain on every purchase: no allocation,
/// and the cost is one P(alive), one 90-day forecast and one weekly forecast per CLV horizon week.
/// </summary>
public sealed class MemberScorer
{
    /// <summary>90 days in the models' unit, weeks.</summary>
    public const double NinetyDaysInWeeks = 90 / 7.0;

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
        var spend = GammaGammaModel.ConditionalExpectedSpend(_spendModel, member.Frequency, member.MeanRepeatSpend);
        return new MemberScore(
            forecast.ProbabilityAlive,
            forecast.ExpectedTransactions(NinetyDaysInWeeks),
            spend,
            CustomerLifetimeValue.ExpectedDiscountedMargin(forecast, spend, _clvAssumptions),
            ClassifyChurnRisk(forecast.ProbabilityAlive));
    }

    public static ChurnRisk ClassifyChurnRisk(double probabilityAlive) => probabilityAlive switch
    {
        >= LowRiskMinimumProbabilityAlive => ChurnRisk.Low,
        >= HighRiskBelowProbabilityAlive => ChurnRisk.Medium,
        _ => ChurnRisk.High,
    };
}
