using System.Numerics;
using System.Runtime.InteropServices;
using MathNet.Numerics;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real arguments and z &lt; 1, which is all the
/// BG/NBD forecasts need. Allocation-free: it runs on the scoring hot path.
/// </summary>
public static class GaussHypergeometric
{
    private const double RelativeTolerance = 1e-15;
    private const int MaximumTerms = 1_000_000;

    // Above this z the power series needs hundreds of terms, while the 1 − z series of the
    // connection formula converge like 0.1ⁿ.
    private const double ConnectionFormulaThreshold = 0.9;

    // The two terms of the connection formula carry Γ(±(c − a − b)) and cancel catastrophically as
    // c − a − b approaches an integer; the power series is exact there, only slower.
    private const double MinimumDistanceFromInteger = 1e-3;

    // Far from zero, the 1 − z series have a small lower parameter (1 ∓ (c − a − b)) crossing zero and
    // lose digits; the power series has no such problem.
    private const double MaximumConnectionExponent = 10;

    /// <summary>₂F₁(a, b; c; z) = Σₙ (a)ₙ (b)ₙ / ((c)ₙ n!) zⁿ, continued analytically to z &lt; −1.</summary>
    public static double Evaluate(double a, double b, double c, double z)
    {
        RequireDefined(a, b, c);
        if (!(z < 1) || double.IsNegativeInfinity(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is only implemented for finite z < 1.");
        }

        return TryEvaluate(a, b, c, z, out var value)
            ? value
            : throw new ArithmeticException($"2F1({a}, {b}; {c}; {z}) is not finite or did not converge in {MaximumTerms} terms.");
    }

    /// <summary>
    /// <see cref="Evaluate"/> for callers that must not throw (scoring with any stored model): false, with
    /// NaN, where ₂F₁ is undefined (c a pole, a parameter not finite, z outside (−∞, 1)), where the series
    /// does not reach the tolerance within its term limit, or where the value is not finite.
    /// </summary>
    public static bool TryEvaluate(double a, double b, double c, double z, out double value)
    {
        value = double.NaN;
        if (!IsDefined(a, b, c) || !(z < 1) || double.IsNegativeInfinity(z))
        {
            return false;
        }

        if (z == 0)
        {
            value = 1;
            return true;
        }

        if (z < 0)
        {
            // Pfaff transformation (Abramowitz & Stegun 15.3.4) maps z < 0 into (0, 1).
            if (!TryEvaluate(a, c - b, c, z / (z - 1), out var transformed))
            {
                return false;
            }

            value = Math.Pow(1 - z, -a) * transformed;
            return double.IsFinite(value);
        }

        var converged = UsesConnectionFormula(a, b, c, z)
            ? TryConnectionFormula(a, b, c, z, ConnectionCoefficients.For(a, b, c), out value)
            : TryPowerSeries(a, b, c, z, out value);
        return converged && double.IsFinite(value);
    }

    /// <summary>
    /// ₂F₁(a, b; c; zₖ) for many 0 ≤ zₖ &lt; 1 in ascending order, as a CLV schedule needs. The power series
    /// of all points share their coefficients (a)ₙ(b)ₙ/((c)ₙn!), so each extra point costs two
    /// multiply-adds per term instead of a full series with its divisions.
    /// </summary>
    public static void EvaluateMany(double a, double b, double c, ReadOnlySpan<double> z, Span<double> values)
    {
        RequireDefined(a, b, c);
        if (!AreAscendingInUnitInterval(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), "Expected arguments in [0, 1) in ascending order.");
        }

        if (!TryEvaluateMany(a, b, c, z, values))
        {
            throw new ArithmeticException($"2F1({a}, {b}; {c}; z) is not finite or did not converge in {MaximumTerms} terms for some z.");
        }
    }

    /// <summary><see cref="EvaluateMany"/> that answers false instead of throwing, on the same terms as <see cref="TryEvaluate"/>.</summary>
    public static bool TryEvaluateMany(double a, double b, double c, ReadOnlySpan<double> z, Span<double> values)
    {
        if (values.Length != z.Length)
        {
            throw new ArgumentException("One value per argument.", nameof(values));
        }

        if (!IsDefined(a, b, c) || !AreAscendingInUnitInterval(z))
        {
            return false;
        }

        // Points near 1 take the connection formula, whose Gamma quotients do not depend on z; they form
        // a suffix since z ascends.
        var seriesCount = z.Length;
        while (seriesCount > 0 && UsesConnectionFormula(a, b, c, z[seriesCount - 1]))
        {
            seriesCount--;
        }

        if (seriesCount < z.Length)
        {
            var coefficients = ConnectionCoefficients.For(a, b, c);
            for (var k = seriesCount; k < z.Length; k++)
            {
                if (!TryConnectionFormula(a, b, c, z[k], coefficients, out values[k]))
                {
                    return false;
                }
            }
        }

        if (!TryPowerSeries(a, b, c, z[..seriesCount], values[..seriesCount]))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static void RequireDefined(double a, double b, double c)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), "2F1 parameters must be finite.");
        }

        if (IsPoleOfGamma(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "2F1 is undefined for c = 0, -1, -2, ...");
        }
    }

    private static bool IsDefined(double a, double b, double c) =>
        double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(c) && !IsPoleOfGamma(c);

    private static bool AreAscendingInUnitInterval(ReadOnlySpan<double> z)
    {
        for (var k = 0; k < z.Length; k++)
        {
            if (!(z[k] >= 0 && z[k] < 1) || (k > 0 && z[k] < z[k - 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool UsesConnectionFormula(double a, double b, double c, double z)
    {
        var exponent = c - a - b;
        return z > ConnectionFormulaThreshold
            && Math.Abs(exponent) <= MaximumConnectionExponent
            && Math.Abs(exponent - Math.Round(exponent)) >= MinimumDistanceFromInteger;
    }

    /// <summary>
    /// Sums the series until the remaining tail is provably below the tolerance (<see cref="HasConverged"/>);
    /// false when it is not within <see cref="MaximumTerms"/> terms.
    /// </summary>
    private static bool TryPowerSeries(double a, double b, double c, double z, out double sum)
    {
        sum = 1;
        double term = 1;
        for (var n = 0; n < MaximumTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0)
            {
                // a or b is a non-positive integer: the series is a polynomial and has ended.
                return true;
            }

            if (!double.IsFinite(sum))
            {
                return false;
            }

            if (HasConverged(a, b, c, n, term, sum, z))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The power series at every point at once; points leave the loop as they converge, smallest z first.</summary>
    private static bool TryPowerSeries(double a, double b, double c, ReadOnlySpan<double> z, Span<double> sums)
    {
        const int MaximumStackPoints = 1024;
        Span<double> powers = z.Length <= MaximumStackPoints ? stackalloc double[z.Length] : new double[z.Length];
        powers.Fill(1);
        sums.Fill(1);
        double coefficient = 1;
        var firstActive = 0;
        for (var n = 0; firstActive < z.Length; n++)
        {
            coefficient *= (a + n) * (b + n) / ((c + n) * (n + 1));
            if (n == MaximumTerms || !double.IsFinite(coefficient))
            {
                return false;
            }

            if (coefficient == 0)
            {
                return true;
            }

            AddTerm(coefficient, z, powers, sums, firstActive);
            while (firstActive < z.Length && HasConverged(a, b, c, n, coefficient * powers[firstActive], sums[firstActive], z[firstActive]))
            {
                firstActive++;
            }

            if (firstActive < z.Length && !double.IsFinite(sums[firstActive]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// powersₖ ·= zₖ; sumsₖ += coefficient · powersₖ for k ≥ firstActive, a SIMD vector at a time. The vectors
    /// start at the aligned index at or below firstActive: the few converged points swept along only get
    /// negligible terms added.
    /// </summary>
    private static void AddTerm(double coefficient, ReadOnlySpan<double> z, Span<double> powers, Span<double> sums, int firstActive)
    {
        var width = Vector<double>.Count;
        var start = firstActive - firstActive % width;
        var vectorZ = MemoryMarshal.Cast<double, Vector<double>>(z[start..]);
        var vectorPowers = MemoryMarshal.Cast<double, Vector<double>>(powers[start..]);
        var vectorSums = MemoryMarshal.Cast<double, Vector<double>>(sums[start..]);
        var vectorCoefficient = new Vector<double>(coefficient);
        for (var i = 0; i < vectorZ.Length; i++)
        {
            vectorPowers[i] *= vectorZ[i];
            vectorSums[i] += vectorCoefficient * vectorPowers[i];
        }

        for (var k = start + vectorZ.Length * width; k < z.Length; k++)
        {
            powers[k] *= z[k];
            sums[k] += coefficient * powers[k];
        }
    }

    /// <summary>
    /// A bound on every later coefficient ratio (a+m)(b+m)/((c+m)(m+1)), m ≥ n, or +∞ while some factor can
    /// still be negative. Once all four factors are positive, (a+m)/(c+m) and (b+m)/(m+1) are monotone in m,
    /// so each is bounded by its value at n or by its limit 1; the tail after a term is then at most a
    /// geometric series with ratio z times this bound.
    /// </summary>
    private static double TailRatioBound(double a, double b, double c, int n) =>
        n > -a && n > -b && n > -c
            ? Math.Max((a + n) / (c + n), 1) * Math.Max((b + n) / (n + 1), 1)
            : double.PositiveInfinity;

    /// <summary>
    /// Whether the terms after term n (the one just added) sum to less than the tolerance. The cheap test
    /// on the term itself comes first: the bound costs three divisions and is rarely needed.
    /// </summary>
    private static bool HasConverged(double a, double b, double c, int n, double term, double sum, double z)
    {
        if (z == 0)
        {
            return true;
        }

        var tolerance = RelativeTolerance * Math.Abs(sum);
        if (Math.Abs(term) > tolerance)
        {
            return false;
        }

        var ratioBound = z * TailRatioBound(a, b, c, n + 1);
        return ratioBound < 1 && Math.Abs(term) * ratioBound / (1 - ratioBound) <= tolerance;
    }

    /// <summary>
    /// Abramowitz &amp; Stegun 15.3.6, with s = c − a − b not an integer:
    /// ₂F₁(a,b;c;z) = Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) ₂F₁(a,b;1−s;1−z) + (1−z)ˢ Γ(c)Γ(−s)/(Γ(a)Γ(b)) ₂F₁(c−a,c−b;1+s;1−z).
    /// The Gamma quotients are formed in log space with their signs so that no factor overflows.
    /// </summary>
    private static bool TryConnectionFormula(double a, double b, double c, double z, ConnectionCoefficients coefficients, out double value)
    {
        var s = c - a - b;
        var w = 1 - z;
        value = double.NaN;
        double firstSeries = 0, secondSeries = 0;
        if ((coefficients.First != 0 && !TryPowerSeries(a, b, 1 - s, w, out firstSeries))
            || (coefficients.Second != 0 && !TryPowerSeries(c - a, c - b, 1 + s, w, out secondSeries)))
        {
            return false;
        }

        var firstTerm = coefficients.First == 0 ? 0 : coefficients.First * firstSeries;
        var secondTerm = coefficients.Second == 0 ? 0 : coefficients.Second * Math.Exp(s * Math.Log(w)) * secondSeries;
        value = firstTerm + secondTerm;
        return true;
    }

    /// <summary>The z-independent Gamma quotients of the connection formula, computed once per (a, b, c).</summary>
    private readonly record struct ConnectionCoefficients(double First, double Second)
    {
        public static ConnectionCoefficients For(double a, double b, double c)
        {
            var s = c - a - b;
            return new ConnectionCoefficients(GammaQuotient(c, s, c - a, c - b), GammaQuotient(c, -s, a, b));
        }
    }

    /// <summary>Γ(p₁)Γ(p₂) / (Γ(q₁)Γ(q₂)); zero when a denominator argument sits on a pole of Γ.</summary>
    private static double GammaQuotient(double p1, double p2, double q1, double q2)
    {
        if (IsPoleOfGamma(q1) || IsPoleOfGamma(q2))
        {
            return 0;
        }

        var (logP1, signP1) = SignedLogGamma(p1);
        var (logP2, signP2) = SignedLogGamma(p2);
        var (logQ1, signQ1) = SignedLogGamma(q1);
        var (logQ2, signQ2) = SignedLogGamma(q2);
        return signP1 * signP2 * signQ1 * signQ2 * Math.Exp(logP1 + logP2 - logQ1 - logQ2);
    }

    private static bool IsPoleOfGamma(double x) => x <= 0 && x == Math.Floor(x);

    /// <summary>ln|Γ(x)| and the sign of Γ(x); negative arguments through the reflection formula Γ(x)Γ(1−x) = π / sin(πx).</summary>
    private static (double LogMagnitude, int Sign) SignedLogGamma(double x)
    {
        if (x > 0)
        {
            return (SpecialFunctions.GammaLn(x), 1);
        }

        var sine = double.SinPi(x);
        return (Math.Log(Math.PI) - Math.Log(Math.Abs(sine)) - SpecialFunctions.GammaLn(1 - x), Math.Sign(sine));
    }
}
