using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

public sealed class GaussHypergeometricTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    [InlineData(0.99)] // c − a − b = 0: the connection formula is singular, the power series must carry it
    [InlineData(-0.5)]
    [InlineData(-3.0)] // beyond the unit disc: Pfaff's transformation
    public void Logarithm_closed_form(double z)
    {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z.
        AssertRelative(-Math.Log(1 - z) / z, GaussHypergeometric.Evaluate(1, 1, 2, z), 1e-13);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.999)] // the connection formula at 1 − z = 10⁻³
    public void Arcsine_closed_form(double x)
    {
        // ₂F₁(1/2, 1/2; 3/2; x²) = arcsin(x)/x.
        AssertRelative(Math.Asin(x) / x, GaussHypergeometric.Evaluate(0.5, 0.5, 1.5, x * x), 1e-13);
    }

    [Theory]
    [InlineData(2.5, 0.7)]
    [InlineData(0.243, 0.97)]
    [InlineData(40, 0.3)]
    public void Binomial_closed_form(double a, double z)
    {
        // ₂F₁(a, b; b; z) = (1 − z)^−a.
        AssertRelative(Math.Pow(1 - z, -a), GaussHypergeometric.Evaluate(a, 1.7, 1.7, z), 1e-13);
    }

    [Fact]
    public void Terminating_series_is_a_polynomial()
    {
        const double b = 1.3, c = 2.2, z = 0.9;
        var expected = 1 - 2 * b / c * z + b * (b + 1) / (c * (c + 1)) * z * z;
        AssertRelative(expected, GaussHypergeometric.Evaluate(-2, b, c, z), 1e-14);
    }

    // Reference values computed with mpmath.hyp2f1 at 30 significant digits.
    [Theory]
    [InlineData(0.243, 2.426, 2.219, 0.95, 2.44618667703099181183)]
    [InlineData(2.3, 1.7, 3.1, 0.97, 46.6083480053349129262)]
    [InlineData(1.5, 2.5, 3.0, -0.7, 0.509543582375051475365)]
    [InlineData(0.2, 0.3, 0.9, 0.999, 1.20807976748823136470)]
    [InlineData(10.5, 3.2, 12.1, 0.6, 11.3784338636169926710)]
    [InlineData(0.95, -0.207, 3.219, 0.98, 0.922095105963122080292)]
    public void Matches_arbitrary_precision_reference(double a, double b, double c, double z, double expected)
    {
        AssertRelative(expected, GaussHypergeometric.Evaluate(a, b, c, z), 1e-12);
    }

    [Fact]
    public void Batch_evaluation_matches_point_evaluation()
    {
        // The weekly CLV grid of a brand-new CDNOW customer: z from 0.18 to 0.92, crossing the
        // connection-formula threshold.
        const double a = 1.976, b = -0.207, c = 2.219;
        var z = Enumerable.Range(1, 52).Select(week => week / (4.414 + week)).ToArray();
        var values = new double[z.Length];

        GaussHypergeometric.EvaluateMany(a, b, c, z, values);

        for (var k = 0; k < z.Length; k++)
        {
            AssertRelative(GaussHypergeometric.Evaluate(a, b, c, z[k]), values[k], 1e-13);
        }
    }

    [Fact]
    public void Rejects_arguments_outside_its_domain()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHypergeometric.Evaluate(1, 1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHypergeometric.Evaluate(1, 1, -2, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHypergeometric.EvaluateMany(1, 1, 2, [0.5, 0.4], new double[2]));
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void The_try_forms_answer_false_where_the_throwing_forms_throw_and_the_same_value_elsewhere()
    {
        Assert.False(GaussHypergeometric.TryEvaluate(1, 1, -2, 0.5, out var atPole));
        Assert.True(double.IsNaN(atPole));
        Assert.False(GaussHypergeometric.TryEvaluate(1, 1, 2, 1, out _));
        Assert.False(GaussHypergeometric.TryEvaluateMany(1, 1, 2, [0.5, 1.0], new double[2]));

        Assert.True(GaussHypergeometric.TryEvaluate(0.5, 1.5, 2.5, 0.95, out var value));
        Assert.Equal(GaussHypergeometric.Evaluate(0.5, 1.5, 2.5, 0.95), value);
    }
}
