using MathNet.Numerics;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// Gamma-Gamma model of the mean transaction value, as set out in Hardie's note "The Gamma-Gamma Model
/// of Monetary Value" (2013) for Fader, Hardie &amp; Lee (2005), "RFM and CLV: using iso-value curves for
/// customer base analysis", JMR 42(4). Only repeat transactions enter: x is the number of repeat
/// transactions and mₓ their mean value.
/// </summary>
public static class GammaGammaModel
{
    /// <summary>
    /// ln f(mₓ | p, q, γ; x), the density of the observed mean (Hardie's note, the marginal of z̄ after ν is integrated out):
    /// f = Γ(px+q)/(Γ(px)Γ(q)) · γ^q · mₓ^(px−1) · x^(px) / (γ + x·mₓ)^(px+q).
    /// Defined for customers with x &gt; 0 and mₓ &gt; 0.
    /// </summary>
    public static double LogLikelihood(GammaGammaParameters parameters, int frequency, double meanRepeatSpend)
    {
        RequireSpendObservation(frequency, meanRepeatSpend);
        var (p, q, gamma) = (parameters.P, parameters.Q, parameters.Gamma);
        var px = p * frequency;
        return SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(q)
            + q * Math.Log(gamma) + (px - 1) * Math.Log(meanRepeatSpend) + px * Math.Log(frequency)
            - (px + q) * Math.Log(gamma + frequency * meanRepeatSpend);
    }

    /// <summary>
    /// E[M | p, q, γ, mₓ, x] = p(γ + x·mₓ) / (px + q − 1) (Hardie's note; FHL 2005 JMR): a weighted mean of
    /// the population mean pγ/(q−1) and the customer's own mean mₓ, the weight on mₓ growing with x.
    /// With x = 0 it is the population mean, which is what a member without repeat purchases should get.
    /// mₓ = 0 (repeat purchases all worth nothing) is allowed: the expectation then shrinks towards 0 as x grows.
    /// </summary>
    public static double ConditionalExpectedSpend(GammaGammaParameters parameters, int frequency, double meanRepeatSpend)
    {
        if (frequency < 0 || !(meanRepeatSpend >= 0) || !double.IsFinite(meanRepeatSpend))
        {
            throw new ArgumentOutOfRangeException(nameof(meanRepeatSpend), "Expected x ≥ 0 and a finite mean spend ≥ 0.");
        }

        return TryConditionalExpectedSpend(parameters, frequency, meanRepeatSpend, out var spend)
            ? spend
            : throw new InvalidOperationException("The expected spend is infinite: it needs p·x + q > 1 (q > 1 for new customers).");
    }

    /// <summary>
    /// <see cref="ConditionalExpectedSpend"/> without exceptions: false where the expectation does not exist
    /// (p·x + q ≤ 1: the posterior of the member's spend scale has no finite mean; for x = 0 that is q ≤ 1),
    /// where the history is not one (x &lt; 0, mₓ negative or not finite), or where the value overflows.
    /// </summary>
    public static bool TryConditionalExpectedSpend(GammaGammaParameters parameters, int frequency, double meanRepeatSpend, out double spend)
    {
        spend = double.NaN;
        var (p, q, gamma) = (parameters.P, parameters.Q, parameters.Gamma);
        var denominator = p * frequency + q - 1;
        if (frequency < 0 || !(meanRepeatSpend >= 0) || !double.IsFinite(meanRepeatSpend) || !(denominator > 0))
        {
            return false;
        }

        spend = p * (gamma + frequency * meanRepeatSpend) / denominator;
        return double.IsFinite(spend);
    }

    private static void RequireSpendObservation(int frequency, double meanRepeatSpend)
    {
        if (frequency <= 0 || !(meanRepeatSpend > 0) || !double.IsFinite(meanRepeatSpend))
        {
            throw new ArgumentOutOfRangeException(nameof(meanRepeatSpend), "The spend likelihood needs x > 0 repeat transactions with a positive mean value.");
        }
    }
}
