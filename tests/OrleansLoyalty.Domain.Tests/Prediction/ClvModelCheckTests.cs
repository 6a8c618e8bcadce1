using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

/// <summary>Which fits may become the current model: the published one may, degenerate ones are refused with reasons.</summary>
public sealed class ClvModelCheckTests(CdnowFixture cdnow) : IClassFixture<CdnowFixture>
{
    private static readonly ClvAssumptions Assumptions = new(grossMargin: 0.3, annualDiscountRate: 0.10, horizonWeeks: 52);
    private static readonly FitConvergence Converged = new(true, 700, 720);

    [Fact]
    public void The_CDNOW_fit_is_accepted_and_reports_its_population_and_convergence()
    {
        var fit = ClvModelFitter.Fit(cdnow.SampleSummaries.ToList(), Assumptions);

        Assert.Empty(fit.Defects);
        Assert.Equal(new ClvPopulation(2_357, 946, 946), fit.Population);
        Assert.True(fit.PurchaseModel.Convergence.Converged && fit.SpendModel.Convergence.Converged);
        Assert.InRange(fit.PurchaseModel.Convergence.Iterations, 1, 40_000);
        Assert.InRange(fit.PurchaseModel.LogLikelihood, CdnowData.PublishedBgNbdLogLikelihood - 0.05, CdnowData.PublishedBgNbdLogLikelihood + 0.05);
    }

    [Theory]
    [InlineData(0.69)]
    [InlineData(1.0)]
    public void A_spend_model_without_a_finite_population_mean_is_refused(double q)
    {
        var defects = ClvModelCheck.FitDefects(PurchaseFit(), SpendFit(new GammaGammaParameters(2.1, q, 15)), SomeCustomers(), Assumptions);

        Assert.Contains(defects, defect => defect.StartsWith($"Gamma-Gamma q = {q:G4} ≤ 1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_estimation_that_did_not_converge_is_refused()
    {
        var notConverged = PurchaseFit() with { Convergence = new FitConvergence(false, 40_000, 35_000) };

        var defects = ClvModelCheck.FitDefects(notConverged, SpendFit(CdnowData.PublishedGammaGamma), SomeCustomers(), Assumptions);

        Assert.Equal("The BG/NBD estimation did not converge (40000 simplex iterations, 35000 likelihood evaluations).", Assert.Single(defects));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_likelihood_that_is_not_finite_is_refused(double logLikelihood)
    {
        var defects = ClvModelCheck.FitDefects(PurchaseFit(), SpendFit(CdnowData.PublishedGammaGamma) with { LogLikelihood = logLikelihood }, SomeCustomers(), Assumptions);

        Assert.Equal("The Gamma-Gamma log-likelihood at the estimates is not finite.", Assert.Single(defects));
    }

    [Theory]
    [InlineData(double.NaN, "BG/NBD r = NaN is not a positive finite number.")]
    [InlineData(double.PositiveInfinity, "BG/NBD r = Infinity is not a positive finite number.")]
    [InlineData(0.0, "BG/NBD r = 0 is not a positive finite number.")]
    [InlineData(1e-12, "BG/NBD r = 1E-12 lies outside 1E-09…1E+09")]
    [InlineData(3e11, "BG/NBD r = 3E+11 lies outside 1E-09…1E+09")]
    public void Stored_parameters_that_are_not_finite_positive_or_plausible_are_defects(double r, string expected)
    {
        var (bgnbd, gammaGamma) = (CdnowData.PublishedBgNbd, CdnowData.PublishedGammaGamma);

        var defects = ClvModelCheck.ParameterDefects(r, bgnbd.Alpha, bgnbd.A, bgnbd.B, gammaGamma.P, gammaGamma.Q, gammaGamma.Gamma);

        Assert.StartsWith(expected, Assert.Single(defects), StringComparison.Ordinal);
        Assert.Equal(r > 0 && double.IsFinite(r), ClvModelCheck.IsUsable(r, bgnbd.Alpha, bgnbd.A, bgnbd.B, gammaGamma.P, gammaGamma.Q, gammaGamma.Gamma));
    }

    [Fact]
    public void A_fit_whose_own_customers_need_a_fallback_is_refused()
    {
        // r = 10⁶ lies inside the plausible range, but equation (10) has no finite value with it.
        var runaway = PurchaseFit() with { Parameters = new BgNbdParameters(1e6, 4.4, 0.79, 2.4) };

        var defect = Assert.Single(ClvModelCheck.FitDefects(runaway, SpendFit(CdnowData.PublishedGammaGamma), SomeCustomers(), Assumptions));

        Assert.StartsWith("3 of the 3 distinct customer histories can only be scored with a fallback (PurchasesUnknown)", defect, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_on_customers_with_almost_no_history_is_refused_rather_than_thrown()
    {
        // The shape of the incident's population: a thousand members who bought once in the last days and a
        // few dozen with a handful of purchases within a week or two. The estimations run away, the fit says so.
        var random = new Random(7);
        var customers = Enumerable.Range(0, 1_000).Select(_ => new PurchaseSummary(0, 0, random.Next(0, 3) / 7.0, 0)).ToList();
        for (var i = 0; i < 44; i++)
        {
            var repeats = random.Next(1, 4);
            var recency = (repeats + random.Next(0, 3)) / 7.0;
            customers.Add(new PurchaseSummary(repeats, recency, recency + random.Next(0, 2) / 7.0, 10 + random.Next(0, 5_000) / 10.0));
        }

        var fit = ClvModelFitter.Fit(customers, Assumptions);

        Assert.False(fit.IsAccepted);
        Assert.False(fit.PurchaseModel.Convergence.Converged);
        Assert.Contains(fit.Defects, defect => defect.StartsWith("The BG/NBD estimation did not converge", StringComparison.Ordinal));
        Assert.Contains(fit.Defects, defect => defect.Contains("the data do not determine it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_positive_log_likelihood_is_no_defect_frequent_buyers_have_one_at_a_sound_fit()
    {
        // Daily buyers (λ ≈ 8 a week), as a coffee chain's members are: the purchase-time density exceeds
        // 1 per week, so Σ ln L > 0, and the fit still recovers the parameters it was simulated from.
        var truth = new BgNbdParameters(4, 0.5, 1.5, 40);
        var customers = SimulatedCustomers.Draw(truth, CdnowData.PublishedGammaGamma, count: 1_000, minimumAgeWeeks: 2, maximumAgeWeeks: 6, seed: 11);

        var fit = ClvModelFitter.Fit(customers, Assumptions);

        Assert.True(fit.PurchaseModel.LogLikelihood > 0, $"{fit.PurchaseModel.LogLikelihood}");
        Assert.Empty(fit.Defects);
        Assert.InRange(fit.PurchaseModel.Parameters.R / truth.R, 0.8, 1.25);
        Assert.InRange(fit.PurchaseModel.Parameters.Alpha / truth.Alpha, 0.8, 1.25);
    }

    private static BgNbdFit PurchaseFit() => new(CdnowData.PublishedBgNbd, -9582.4, 3, Converged);

    private static GammaGammaFit SpendFit(GammaGammaParameters parameters) => new(parameters, -4055.9, 2, Converged);

    private static PurchaseSummary[] SomeCustomers() => [new(0, 0, 0, 0), new(2, 30.43, 38.86, 25), new(12, 30, 38.86, 0)];
}
