namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// The sufficient statistics the BG/NBD and Gamma-Gamma models need for one customer, in weeks.
/// </summary>
/// <param name="Frequency">x: repeat transactions (distinct purchase days − 1).</param>
/// <param name="RecencyWeeks">tₓ: time of the last repeat transaction since the first purchase (0 when x = 0).</param>
/// <param name="AgeWeeks">T: time from the first purchase to the end of observation.</param>
/// <param name="MeanRepeatSpend">mₓ: mean value of the x repeat transactions (0 when x = 0).</param>
public readonly record struct PurchaseSummary(int Frequency, double RecencyWeeks, double AgeWeeks, double MeanRepeatSpend)
{
    internal void Validate()
    {
        if (Frequency < 0 || !(RecencyWeeks >= 0) || !(AgeWeeks >= RecencyWeeks) || !double.IsFinite(AgeWeeks))
        {
            throw new ArgumentOutOfRangeException(nameof(PurchaseSummary), this, "Expected x ≥ 0 and 0 ≤ tₓ ≤ T < ∞.");
        }
    }
}
