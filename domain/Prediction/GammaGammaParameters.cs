namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// Gamma-Gamma spend parameters (Fader, Hardie &amp; Lee 2005, JMR; Hardie, "The Gamma-Gamma Model of
/// Monetary Value"): transaction values are Gamma(p, ν) around a customer mean p/ν, and ν ~ Gamma(q, γ)
/// across customers.
/// </summary>
public readonly record struct GammaGammaParameters
{
    public GammaGammaParameters(double p, double q, double gamma)
    {
        BgNbdParameters.RequirePositive(p, nameof(p));
        BgNbdParameters.RequirePositive(q, nameof(q));
        BgNbdParameters.RequirePositive(gamma, nameof(gamma));
        P = p;
        Q = q;
        Gamma = gamma;
    }

    /// <summary>Shape of the per-transaction spend distribution.</summary>
    public double P { get; }

    /// <summary>Shape of the across-customer distribution of the spend scale ν.</summary>
    public double Q { get; }

    /// <summary>Scale of the across-customer distribution of ν, in currency units.</summary>
    public double Gamma { get; }
}
