using MathNet.Numerics;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

public sealed class GammaGammaModelTests
{
    private static readonly GammaGammaParameters Cdnow = CdnowData.PublishedGammaGamma;

    [Fact]
    public void Conditional_expectation_is_the_published_formula()
    {
        // p(γ + x·mₓ)/(px + q − 1) = 6.25·(15.44 + 2·25)/(12.5 + 2.74).
        Assert.Equal(6.25 * 65.44 / 15.24, GammaGammaModel.ConditionalExpectedSpend(Cdnow, 2, 25), 12);
    }

    [Fact]
    public void Conditional_expectation_shrinks_towards_the_population_mean()
    {
        var populationMean = Cdnow.P * Cdnow.Gamma / (Cdnow.Q - 1);

        Assert.Equal(populationMean, GammaGammaModel.ConditionalExpectedSpend(Cdnow, 0, 0), 12);
        var few = GammaGammaModel.ConditionalExpectedSpend(Cdnow, 1, 100);
        var many = GammaGammaModel.ConditionalExpectedSpend(Cdnow, 50, 100);
        Assert.InRange(few, populationMean, many);
        Assert.InRange(many, 99, 100.5);
    }

    [Fact]
    public void Likelihood_is_a_density_of_the_mean_spend()
    {
        // ∫ f(m | p, q, γ; x) dm = 1 for every x.
        foreach (var frequency in new[] { 1, 3, 10 })
        {
            var mass = Integrate.DoubleExponential(
                spend => Math.Exp(GammaGammaModel.LogLikelihood(Cdnow, frequency, spend)), 1e-9, 5_000);
            Assert.Equal(1, mass, 6);
        }
    }

    [Fact]
    public void Likelihood_needs_a_repeat_purchase_with_a_value()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaGammaModel.LogLikelihood(Cdnow, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaGammaModel.LogLikelihood(Cdnow, 2, 0));
    }
}
