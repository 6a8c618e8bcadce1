using System.Text.Json.Serialization;
using OrleansLoyalty.Gateway.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;

namespace OrleansLoyalty.Gateway.Prediction;

/// <summary>How one maximum-likelihood estimation ended; null on models stored before fits reported it.</summary>
public sealed record FitConvergenceResponse(bool Converged, int Iterations, int LikelihoodEvaluations)
{
    public static FitConvergenceResponse? From(FitConvergenceView? convergence) =>
        convergence is null ? null : new(convergence.Converged, convergence.Iterations, convergence.LikelihoodEvaluations);
}

public sealed record BgNbdResponse(double R, double Alpha, double A, double B, double? LogLikelihood, FitConvergenceResponse? Convergence)
{
    public static BgNbdResponse From(BgNbdView model) =>
        new(model.R, model.Alpha, model.A, model.B, model.LogLikelihood, FitConvergenceResponse.From(model.Convergence));
}

public sealed record GammaGammaResponse(double P, double Q, double Gamma, int Customers, double? LogLikelihood, FitConvergenceResponse? Convergence)
{
    public static GammaGammaResponse From(GammaGammaView model) =>
        new(model.P, model.Q, model.Gamma, model.Customers, model.LogLikelihood, FitConvergenceResponse.From(model.Convergence));
}

/// <summary>A model version: the population it was fitted on and both models' estimates; see <see cref="ClvModelView"/>.</summary>
public sealed record ClvModelResponse(
    int Version,
    DateOnly AsOf,
    int Customers,
    BgNbdResponse Bgnbd,
    GammaGammaResponse GammaGamma,
    int? RepeatCustomers,
    IReadOnlyList<string> Defects)
{
    public static ClvModelResponse From(ClvModelView model) => new(
        model.Version, model.AsOf, model.Customers, BgNbdResponse.From(model.Bgnbd), GammaGammaResponse.From(model.GammaGamma),
        model.RepeatCustomers, model.Defects);
}

/// <summary>A member's insights; x, tx and T (in weeks) named as in the BG/NBD literature.</summary>
public sealed record InsightsResponse(
    DateOnly AsOf,
    int ModelVersion,
    double? PAlive,
    double? ExpectedPurchases90d,
    double? ExpectedSpendPerPurchase,
    double? PredictedClv,
    string? ChurnRisk,
    int? X,
    double? Tx,
    [property: JsonPropertyName("T")] double? T,
    string Explanation,
    string Stage,
    RfmResponse Rfm)
{
    public static InsightsResponse From(MemberInsights insights) => new(
        insights.AsOf, insights.ModelVersion, insights.PAlive, insights.ExpectedPurchases90d, insights.ExpectedSpendPerPurchase,
        insights.PredictedClv, insights.ChurnRisk, insights.X, insights.Tx, insights.T, insights.Explanation, insights.Stage,
        RfmResponse.From(insights.Rfm));
}
