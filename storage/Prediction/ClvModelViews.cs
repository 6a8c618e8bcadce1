using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.GrainInterfaces.Prediction;

namespace OrleansLoyalty.Storage.Prediction;

/// <summary>Domain fits as the views the grains store and return; a likelihood that is not finite becomes null, since JSON has no NaN.</summary>
internal static class ClvModelViews
{
    public static BgNbdView PurchaseModel(BgNbdFit fit) => new(
        fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B, FiniteOrNull(fit.LogLikelihood), Convergence(fit.Convergence));

    public static GammaGammaView SpendModel(GammaGammaFit fit) => new(
        fit.Parameters.P, fit.Parameters.Q, fit.Parameters.Gamma, fit.CustomerCount, FiniteOrNull(fit.LogLikelihood), Convergence(fit.Convergence));

    /// <summary>A fit as a model view: <paramref name="version"/> 0 for a refused fit, with its defects.</summary>
    public static ClvModelView Model(int version, DateOnly asOf, ClvModelFit fit) => new(
        version, asOf, fit.Population.Customers, PurchaseModel(fit.PurchaseModel), SpendModel(fit.SpendModel), fit.Population.RepeatCustomers, fit.Defects);

    /// <summary>What is wrong with a stored model's parameters; they may predate the checks on fits.</summary>
    public static IReadOnlyList<string> Defects(BgNbdView bgnbd, GammaGammaView gammaGamma) =>
        ClvModelCheck.ParameterDefects(bgnbd.R, bgnbd.Alpha, bgnbd.A, bgnbd.B, gammaGamma.P, gammaGamma.Q, gammaGamma.Gamma);

    /// <summary>Whether a scorer can be built from the model at all; its fallbacks cover the remaining defects.</summary>
    public static bool IsUsable(ClvModelView model) =>
        ClvModelCheck.IsUsable(model.Bgnbd.R, model.Bgnbd.Alpha, model.Bgnbd.A, model.Bgnbd.B, model.GammaGamma.P, model.GammaGamma.Q, model.GammaGamma.Gamma);

    private static FitConvergenceView Convergence(FitConvergence convergence) =>
        new(convergence.Converged, convergence.Iterations, convergence.LikelihoodEvaluations);

    private static double? FiniteOrNull(double value) => double.IsFinite(value) ? value : null;
}
