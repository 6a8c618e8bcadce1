using MathNet.Numerics;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// BG/NBD formulas of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way: an alternative
/// to the Pareto/NBD model", Marketing Science 24(2). Equation numbers refer to that paper. Time is in
/// weeks throughout.
/// </summary>
public static class BgNbdModel
{
    /// <summary>
    /// ln L(r, α, a, b | x, tₓ, T), equation (6), in the arrangement of Hardie's note 004 ("Implementing the
    /// BG/NBD model in Excel"): L = A₁·A₂·(A₃ + δ(x>0)A₄) with
    /// A₁ = Γ(r+x)αʳ/Γ(r), A₂ = Γ(a+b)Γ(b+x)/(Γ(b)Γ(a+b+x)), A₃ = (α+T)^−(r+x), A₄ = a/(b+x−1)·(α+tₓ)^−(r+x).
    /// Every factor is taken in logs and the sum A₃ + A₄ through log-sum-exp, so large x cannot overflow.
    /// </summary>
    public static double LogLikelihood(BgNbdParameters parameters, PurchaseSummary customer)
    {
        customer.Validate();
        var (r, alpha, a, b) = (parameters.R, parameters.Alpha, parameters.A, parameters.B);
        var x = customer.Frequency;
        var logA1A2 = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + r * Math.Log(alpha)
            + SpecialFunctions.GammaLn(a + b) + SpecialFunctions.GammaLn(b + x)
            - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b + x);
        return logA1A2 + LogOfA3PlusA4(parameters, x, customer.RecencyWeeks, customer.AgeWeeks);
    }

    /// <summary>Σ ln L over the customers, equation (6) summed.</summary>
    public static double TotalLogLikelihood(BgNbdParameters parameters, IEnumerable<PurchaseSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return customers.Sum(customer => LogLikelihood(parameters, customer));
    }

    /// <summary>
    /// P(alive | x, tₓ, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)) (Hardie's note 021, "Computing P(alive) using the BG/NBD model").
    /// By construction of the BG/NBD a customer can only drop out right after a purchase, so a customer
    /// with no repeat purchase is alive with probability 1.
    /// </summary>
    public static double ProbabilityAlive(BgNbdParameters parameters, PurchaseSummary customer) =>
        new BgNbdForecast(parameters, customer).ProbabilityAlive;

    /// <summary>E[Y(t) | x, tₓ, T]: expected transactions in (T, T + t] for a customer with this history, equation (10).</summary>
    public static double ConditionalExpectedTransactions(BgNbdParameters parameters, PurchaseSummary customer, double horizonWeeks) =>
        new BgNbdForecast(parameters, customer).ExpectedTransactions(horizonWeeks);

    /// <summary>
    /// E[X(t)]: expected repeat transactions in the first t weeks after a customer's first purchase, equation (9).
    /// It is equation (10) for the empty history x = tₓ = T = 0.
    /// </summary>
    public static double ExpectedTransactions(BgNbdParameters parameters, double weeksSinceFirstPurchase) =>
        new BgNbdForecast(parameters, new PurchaseSummary(0, 0, 0, 0)).ExpectedTransactions(weeksSinceFirstPurchase);

    /// <summary>ln(A₃ + δ(x>0)A₄) of equation (6), the only part of the likelihood that depends on tₓ and T.</summary>
    internal static double LogOfA3PlusA4(BgNbdParameters parameters, int x, double recencyWeeks, double ageWeeks)
    {
        var rx = parameters.R + x;
        var logA3 = -rx * Math.Log(parameters.Alpha + ageWeeks);
        if (x == 0)
        {
            return logA3;
        }

        var logA4 = Math.Log(parameters.A) - Math.Log(parameters.B + x - 1) - rx * Math.Log(parameters.Alpha + recencyWeeks);
        return LogSumExp(logA3, logA4);
    }

    private static double LogSumExp(double u, double v)
    {
        var max = Math.Max(u, v);
        return max + double.LogP1(Math.Exp(-Math.Abs(u - v)));
    }
}

/// <summary>
/// Forecasts for one customer history with every horizon-independent quantity computed once, so a
/// caller can evaluate many horizons (a CLV schedule) cheaply. A value type: scoring allocates nothing.
/// The <c>Try</c> forms never throw: for any positive parameters and any valid history they either give a
/// finite forecast or say there is none, which is what scoring with a stored model needs.
/// </summary>
public readonly struct BgNbdForecast
{
    /// <summary>
    /// How far from a removable singularity of equation (10) the forecast is taken: its relative bias
    /// there is of this order, and the rounding error of the cancelling terms 10⁻¹⁶ divided by it.
    /// </summary>
    private const double SingularityOffset = 1e-6;

    private readonly double _alphaPlusAge;
    private readonly double _upperA;
    private readonly double _upperB;
    private readonly double _lower;
    private readonly double _scale;

    public BgNbdForecast(BgNbdParameters parameters, PurchaseSummary customer)
    {
        customer.Validate();
        var (r, alpha, a, b) = (parameters.R, parameters.Alpha, parameters.A, parameters.B);
        var x = customer.Frequency;
        _alphaPlusAge = alpha + customer.AgeWeeks;

        // The dropout odds term of equations (10) and P(alive): a/(b+x−1)·((α+T)/(α+tₓ))^(r+x), in logs
        // because ((α+T)/(α+tₓ))^(r+x) overflows for frequent buyers who have gone quiet. The log ratio is
        // ln(1 + (T−tₓ)/(α+tₓ)): never ∞ − ∞, so the odds are in [0, ∞] and P(alive) in [0, 1] for any model.
        var logAgeOverRecency = double.LogP1((customer.AgeWeeks - customer.RecencyWeeks) / (alpha + customer.RecencyWeeks));
        var dropoutOdds = x == 0
            ? 0
            : Math.Exp(Math.Log(a) - Math.Log(b + x - 1) + (r + x) * logAgeOverRecency);
        ProbabilityAlive = 1 / (1 + dropoutOdds);

        // Equation (10) is 0/0 at a = 1 ((a+b+x−1)/(a−1) against 1 − (1−z)^(a−1)·₂F₁) and, for x = 0, at
        // a + b = 1 (a pole of ₂F₁ against the factor a+b−1). Both singularities are removable: within
        // SingularityOffset of them the forecast is taken that far away, which is the limit to about six digits.
        var forecastA = Math.Abs(a - 1) < SingularityOffset ? 1 + (a < 1 ? -SingularityOffset : SingularityOffset) : a;
        var lower = forecastA + b + x - 1;
        if (Math.Abs(lower) < SingularityOffset)
        {
            lower = SingularityOffset;
        }

        // Equation (10) contains ((α+T)/(α+T+t))^(r+x)·₂F₁(r+x, b+x; a+b+x−1; z) with z = t/(α+T+t). Euler's
        // transformation (A&S 15.3.3) rewrites it as (1−z)^(a−1)·₂F₁(a+b−1−r, a−1; a+b+x−1; z): the upper
        // parameters no longer grow with x, the terms stay bounded and nothing overflows for large x.
        _upperA = lower - x - r;
        _upperB = forecastA - 1;
        _lower = lower;

        // Next to a = 1 the cancellation in 1 − (1−z)^(a−1)·₂F₁ costs a relative 10⁻¹⁶/|a−1|, at most 10⁻¹⁰.
        _scale = lower / _upperB * ProbabilityAlive;
    }

    /// <summary>P(alive | x, tₓ, T).</summary>
    public double ProbabilityAlive { get; }

    /// <summary>Expected transactions in the next <paramref name="horizonWeeks"/> weeks, equation (10).</summary>
    public double ExpectedTransactions(double horizonWeeks)
    {
        if (!(horizonWeeks >= 0) || !double.IsFinite(horizonWeeks))
        {
            throw new ArgumentOutOfRangeException(nameof(horizonWeeks), horizonWeeks, "The horizon must be a finite number of weeks ≥ 0.");
        }

        return TryExpectedTransactions(horizonWeeks, out var expected)
            ? expected
            : throw new ArithmeticException($"Equation (10) has no finite value for this history at {horizonWeeks} weeks with these parameters.");
    }

    /// <summary>
    /// <see cref="ExpectedTransactions"/> without exceptions: false when the horizon is not a finite number
    /// ≥ 0 or equation (10) cannot be evaluated to a finite number (extreme parameters put z at 1 or make
    /// the ₂F₁ series diverge numerically).
    /// </summary>
    public bool TryExpectedTransactions(double horizonWeeks, out double expected)
    {
        expected = double.NaN;
        if (!(horizonWeeks >= 0) || !double.IsFinite(horizonWeeks))
        {
            return false;
        }

        var z = horizonWeeks / (_alphaPlusAge + horizonWeeks);
        if (!GaussHypergeometric.TryEvaluate(_upperA, _upperB, _lower, z, out var hypergeometric))
        {
            return false;
        }

        expected = FromHypergeometric(horizonWeeks, hypergeometric);
        return double.IsFinite(expected);
    }

    /// <summary>
    /// Fills <paramref name="cumulative"/>[k − 1] with the expected transactions in the next k weeks,
    /// k = 1..length: equation (10) on a weekly grid, with the ₂F₁ series of all weeks summed together.
    /// </summary>
    public void ExpectedTransactionsByWeek(Span<double> cumulative)
    {
        if (!TryExpectedTransactionsByWeek(cumulative))
        {
            throw new ArithmeticException("Equation (10) has no finite value for this history on every week with these parameters.");
        }
    }

    /// <summary><see cref="ExpectedTransactionsByWeek"/> without exceptions: false when some week has no finite forecast.</summary>
    public bool TryExpectedTransactionsByWeek(Span<double> cumulative)
    {
        const int MaximumStackWeeks = 1024;
        Span<double> z = cumulative.Length <= MaximumStackWeeks ? stackalloc double[cumulative.Length] : new double[cumulative.Length];
        for (var k = 0; k < z.Length; k++)
        {
            var weeks = k + 1.0;
            z[k] = weeks / (_alphaPlusAge + weeks);
        }

        if (!GaussHypergeometric.TryEvaluateMany(_upperA, _upperB, _lower, z, cumulative))
        {
            return false;
        }

        for (var k = 0; k < cumulative.Length; k++)
        {
            cumulative[k] = FromHypergeometric(k + 1.0, cumulative[k]);
            if (!double.IsFinite(cumulative[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equation (10) given its ₂F₁ factor in Euler-transformed form; 1 − z = (α+T)/(α+T+t).</summary>
    private double FromHypergeometric(double horizonWeeks, double hypergeometric)
    {
        var logOneMinusZ = -double.LogP1(horizonWeeks / _alphaPlusAge);
        return _scale * (1 - Math.Exp(_upperB * logOneMinusZ) * hypergeometric);
    }
}
