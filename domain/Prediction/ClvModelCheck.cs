using System.Globalization;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// Whether fitted models may score members. A fit is refused unless both estimations converged to a
/// finite likelihood, every parameter is plausible, the spend model has a finite population mean and
/// every history it was fitted on scores without a fallback: one bad fit (q = 0.69) once made every first
/// purchase fail. Stored models are checked on their parameters alone; they may predate these rules.
/// </summary>
/// <remarks>
/// The sign of the log-likelihood is no criterion. The BG/NBD likelihood is a density in the purchase
/// times, per week, so a population of frequent buyers has a positive log-likelihood at a perfectly sound
/// fit. What a positive value over customers with almost no history does signal, the likelihood growing
/// without bound as α → 0 and r, a, b → ∞, shows as estimates leaving the plausible range.
/// </remarks>
public static class ClvModelCheck
{
    /// <summary>
    /// Estimates outside 10⁻⁹…10⁹ are refused. The search starts at θ = 1; an estimate nine orders of
    /// magnitude away means the likelihood was still rising towards the edge of the parameter space, so
    /// the data do not determine it. CDNOW's estimates lie within 10^±1.2, and γ for spends of a million
    /// per purchase is still far inside.
    /// </summary>
    public const double SmallestPlausibleParameter = 1e-9;

    /// <inheritdoc cref="SmallestPlausibleParameter"/>
    public const double LargestPlausibleParameter = 1e9;

    /// <summary>Whether the parameters can be used at all: all positive and finite, so the scorer can be built (and covers the rest with fallbacks).</summary>
    public static bool IsUsable(double r, double alpha, double a, double b, double p, double q, double gamma) =>
        new[] { r, alpha, a, b, p, q, gamma }.All(IsPositiveFinite);

    /// <summary>What is wrong with these parameter values; empty when a model with them may score members.</summary>
    public static IReadOnlyList<string> ParameterDefects(double r, double alpha, double a, double b, double p, double q, double gamma)
    {
        var defects = new List<string>();
        foreach (var (name, value) in new[] { ("BG/NBD r", r), ("BG/NBD α", alpha), ("BG/NBD a", a), ("BG/NBD b", b), ("Gamma-Gamma p", p), ("Gamma-Gamma q", q), ("Gamma-Gamma γ", gamma) })
        {
            if (!IsPositiveFinite(value))
            {
                defects.Add(Format($"{name} = {value:G4} is not a positive finite number."));
            }
            else if (value is < SmallestPlausibleParameter or > LargestPlausibleParameter)
            {
                defects.Add(Format($"{name} = {value:G4} lies outside {SmallestPlausibleParameter:G1}…{LargestPlausibleParameter:G1}: the likelihood was still rising towards the edge of the parameter space, so the data do not determine it."));
            }
        }

        if (IsPositiveFinite(q) && q <= 1)
        {
            defects.Add(Format($"Gamma-Gamma q = {q:G4} ≤ 1: the population's mean spend p·γ/(q − 1) is infinite, so a member without repeat purchases has no expected spend."));
        }

        return defects;
    }

    /// <summary>
    /// What refuses a fresh fit: an estimation that did not converge or has no finite likelihood, the
    /// <see cref="ParameterDefects"/>, and, when those pass, any distinct history of the fit's own customers
    /// that <see cref="MemberScorer"/> can only score with a fallback. Empty when the fit may become current.
    /// </summary>
    public static IReadOnlyList<string> FitDefects(BgNbdFit purchaseModel, GammaGammaFit spendModel, IEnumerable<PurchaseSummary> customers, ClvAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(purchaseModel);
        ArgumentNullException.ThrowIfNull(spendModel);
        ArgumentNullException.ThrowIfNull(customers);
        var defects = new List<string>();
        AddEstimationDefects(defects, "BG/NBD", purchaseModel.LogLikelihood, purchaseModel.Convergence);
        AddEstimationDefects(defects, "Gamma-Gamma", spendModel.LogLikelihood, spendModel.Convergence);
        var (bgnbd, gammaGamma) = (purchaseModel.Parameters, spendModel.Parameters);
        defects.AddRange(ParameterDefects(bgnbd.R, bgnbd.Alpha, bgnbd.A, bgnbd.B, gammaGamma.P, gammaGamma.Q, gammaGamma.Gamma));

        // Scoring the fit's own histories is the direct test of "can score every member"; with implausible
        // parameters the forecasts can take long to fail, and the fit is refused anyway.
        if (defects.Count == 0)
        {
            AddScoringDefect(defects, new MemberScorer(bgnbd, gammaGamma, assumptions), customers);
        }

        return defects;
    }

    private static void AddEstimationDefects(List<string> defects, string model, double logLikelihood, FitConvergence convergence)
    {
        if (!convergence.Converged)
        {
            defects.Add(Format($"The {model} estimation did not converge ({convergence.Iterations} simplex iterations, {convergence.LikelihoodEvaluations} likelihood evaluations)."));
        }

        if (!double.IsFinite(logLikelihood))
        {
            defects.Add($"The {model} log-likelihood at the estimates is not finite.");
        }
    }

    private static void AddScoringDefect(List<string> defects, MemberScorer scorer, IEnumerable<PurchaseSummary> customers)
    {
        var histories = customers.Distinct().ToList();
        var failing = 0;
        PurchaseSummary? example = null;
        var fallbacks = ScoreFallbacks.None;
        foreach (var history in histories)
        {
            var score = scorer.Score(history);
            if (score.Fallbacks == ScoreFallbacks.None) continue;
            failing++;
            example ??= history;
            fallbacks |= score.Fallbacks;
        }

        if (example is { } e)
        {
            defects.Add(Format(
                $"{failing} of the {histories.Count} distinct customer histories can only be scored with a fallback ({fallbacks}), e.g. x = {e.Frequency}, tₓ = {e.RecencyWeeks:0.##}, T = {e.AgeWeeks:0.##}, mₓ = {e.MeanRepeatSpend:0.##}."));
        }
    }

    private static bool IsPositiveFinite(double value) => value > 0 && double.IsFinite(value);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
