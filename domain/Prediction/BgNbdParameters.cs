namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// BG/NBD parameters (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way"): while alive a
/// customer buys at rate λ ~ Gamma(r, α) per week; after each purchase they drop out with probability
/// p ~ Beta(a, b).
/// </summary>
public readonly record struct BgNbdParameters
{
    public BgNbdParameters(double r, double alpha, double a, double b)
    {
        RequirePositive(r, nameof(r));
        RequirePositive(alpha, nameof(alpha));
        RequirePositive(a, nameof(a));
        RequirePositive(b, nameof(b));
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
    }

    /// <summary>Shape of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Scale of the Gamma distribution of purchase rates, in weeks.</summary>
    public double Alpha { get; }

    /// <summary>First shape of the Beta distribution of dropout probabilities.</summary>
    public double A { get; }

    /// <summary>Second shape of the Beta distribution of dropout probabilities.</summary>
    public double B { get; }

    internal static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Model parameters must be positive and finite.");
        }
    }
}
