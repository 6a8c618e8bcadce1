namespace OrleansLoyalty.Domain.Personalization;

/// <summary>The most the program will give one member through any single personalised offer.</summary>
public sealed record ProgramBudget
{
    /// <param name="maxDiscountPercent">Largest category discount, 0–100 (0 disables discounts).</param>
    /// <param name="maxBonusMultiplier">Largest points multiplier, ≥ 1 (1 disables bonuses).</param>
    /// <param name="maxRecoveryValue">Largest recovery voucher, in <paramref name="currency"/> (0 disables recovery offers).</param>
    public ProgramBudget(decimal maxDiscountPercent, decimal maxBonusMultiplier, decimal maxRecoveryValue, string currency)
    {
        if (maxDiscountPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDiscountPercent), maxDiscountPercent, "A discount is 0 to 100 percent.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxBonusMultiplier, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecoveryValue);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        MaxDiscountPercent = maxDiscountPercent;
        MaxBonusMultiplier = maxBonusMultiplier;
        MaxRecoveryValue = maxRecoveryValue;
        Currency = currency;
    }

    public decimal MaxDiscountPercent { get; }

    public decimal MaxBonusMultiplier { get; }

    public decimal MaxRecoveryValue { get; }

    public string Currency { get; }
}
