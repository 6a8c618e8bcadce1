namespace OrleansLoyalty.Domain.Personalization;

/// <summary>One line of a basket: what kind of thing was bought and what was paid for it.</summary>
/// <param name="Category">The catalogue category, or null when the line is not categorised.</param>
public readonly record struct PurchaseLine(string? Category, decimal Amount);

/// <summary>
/// One purchase as personalisation sees it: the least the grain has to feed from its ledger.
/// </summary>
public sealed record PurchaseFact
{
    /// <param name="amount">What the member paid, after any discount.</param>
    /// <param name="discount">The discount granted on this purchase, in currency; 0 for a full-price purchase.</param>
    /// <param name="lines">The basket broken down by category: line totals before the basket <paramref name="discount"/>, so they add up to amount + discount.
    /// May be empty when the till sends no basket; the whole amount then counts as uncategorised.</param>
    public PurchaseFact(DateTimeOffset occurredAt, decimal amount, decimal discount, IReadOnlyList<PurchaseLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        ArgumentOutOfRangeException.ThrowIfNegative(discount);
        if (lines.Any(line => line.Amount < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(lines), "Line amounts must be ≥ 0.");
        }

        OccurredAt = occurredAt;
        Amount = amount;
        Discount = discount;
        Lines = [.. lines];
    }

    public DateTimeOffset OccurredAt { get; }

    public decimal Amount { get; }

    public decimal Discount { get; }

    public IReadOnlyList<PurchaseLine> Lines { get; }

    /// <summary>The lines spend shares are computed from: an unitemised purchase is one uncategorised line.</summary>
    internal IReadOnlyList<PurchaseLine> ItemisedSpend => Lines.Count == 0 ? [new PurchaseLine(null, Amount)] : Lines;
}
