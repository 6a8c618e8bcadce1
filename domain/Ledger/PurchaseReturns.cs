namespace OrleansLoyalty.Domain.Ledger;

/// <summary>What was returned of one sku of a purchase so far, and the points that took back.</summary>
public sealed record ReturnedSoFar(decimal Quantity, decimal Amount, long Points)
{
    public decimal Cashback { get; init; }
}

/// <summary>What was returned of one purchase so far: in total, and per sku for returns by line.</summary>
public sealed record PurchaseReturns(decimal Amount, long Points, IReadOnlyDictionary<string, ReturnedSoFar> Skus)
{
    public static readonly PurchaseReturns None = new(0, 0, new Dictionary<string, ReturnedSoFar>());

    /// <summary>The cashback returns of the purchase took back.</summary>
    public decimal Cashback { get; init; }

    public PurchaseReturns With(PointsReturned returned)
    {
        var skus = Skus.ToDictionary(StringComparer.Ordinal);
        foreach (var line in returned.Lines.Where(l => l.Sku.Length > 0))
        {
            var before = skus.GetValueOrDefault(line.Sku) ?? new ReturnedSoFar(0, 0, 0);
            skus[line.Sku] = new ReturnedSoFar(before.Quantity + line.Quantity, before.Amount + line.Amount, before.Points + line.Points) { Cashback = before.Cashback + line.Cashback };
        }
        return new PurchaseReturns(Amount + returned.Amount, Points + returned.Points, skus) { Cashback = Cashback + returned.Cashback };
    }
}
