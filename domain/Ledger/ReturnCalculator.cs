using OrleansLoyalty.Domain.Cashback;

namespace OrleansLoyalty.Domain.Ledger;

/// <summary>A returned line as a till sends it: the sku, how many and the amount refunded.</summary>
public sealed record ReturnLineRequest(string Sku, decimal Quantity, decimal Amount);

/// <summary>What a return takes back: the lines with their points, the amount refunded and the points in all.</summary>
public sealed record ReturnPlan(IReadOnlyList<ReturnedLine> Lines, decimal Amount, long Points)
{
    /// <summary>The cashback the return takes back, decided like the points.</summary>
    public decimal Cashback { get; init; }
}

/// <summary>
/// The points a return takes back, by the points each line earned when it was bought (recorded with the purchase), in
/// proportion to what is returned of it, counted over all returns of the purchase so that returning everything, in any
/// number of parts, takes back exactly what was earned. Returning more than was bought is refused, never cut down.
/// </summary>
public static class ReturnCalculator
{
    // A refund may differ from the line's amount by rounding at the till.
    private const decimal AmountTolerance = 0.01m;

    public static (ReturnPlan? Plan, string? OverReturn) Plan(PointsEarned purchase, PurchaseReturns soFar, IReadOnlyList<ReturnLineRequest> lines, decimal? amount) =>
        lines.Count > 0 ? ByLines(purchase, soFar, lines) : ByAmount(purchase, soFar, amount ?? 0);

    private static (ReturnPlan?, string?) ByAmount(PointsEarned purchase, PurchaseReturns soFar, decimal amount)
    {
        var returned = soFar.Amount + amount;
        if (returned > purchase.Amount + AmountTolerance)
        {
            return (null, $"the purchase was {purchase.Amount} {purchase.Currency} and {soFar.Amount} was returned before: at most {Math.Max(0, purchase.Amount - soFar.Amount)} can be returned.");
        }
        var points = returned >= purchase.Amount - AmountTolerance ? purchase.Points - soFar.Points : Share(purchase.Points, returned, purchase.Amount) - soFar.Points;
        points = Math.Clamp(points, 0, purchase.Points - soFar.Points);
        var cashback = CashbackCalculator.TakenBack(purchase.Cashback.Sum(c => c.Amount), soFar.Cashback, purchase.Amount, soFar.Amount, amount);
        return (new ReturnPlan([new ReturnedLine("", 0, amount, points) { Cashback = cashback }], amount, points) { Cashback = cashback }, null);
    }

    private static (ReturnPlan?, string?) ByLines(PointsEarned purchase, PurchaseReturns soFar, IReadOnlyList<ReturnLineRequest> lines)
    {
        var bought = Bought(purchase);
        var planned = new List<ReturnedLine>();
        foreach (var line in lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g => new ReturnLineRequest(g.Key, g.Sum(l => l.Quantity), g.Sum(l => l.Amount))))
        {
            if (!bought.TryGetValue(line.Sku, out var item)) return (null, $"sku '{line.Sku}' was not in the purchase.");
            var before = soFar.Skus.GetValueOrDefault(line.Sku) ?? new ReturnedSoFar(0, 0, 0);
            var quantity = before.Quantity + line.Quantity;
            var refunded = before.Amount + line.Amount;
            if (quantity > item.Quantity) return (null, $"sku '{line.Sku}': {item.Quantity} were bought and {before.Quantity} returned before, so at most {item.Quantity - before.Quantity} can be returned.");
            if (refunded > item.Amount + AmountTolerance) return (null, $"sku '{line.Sku}': its lines came to {item.Amount} and {before.Amount} was refunded before, so at most {item.Amount - before.Amount} can be refunded.");
            var all = quantity == item.Quantity || refunded >= item.Amount - AmountTolerance;
            var cumulative = all ? item.Points
                : item.Amount > 0 ? Share(item.Points, refunded, item.Amount)
                : Share(item.Points, quantity, item.Quantity);
            var cumulativeCashback = all ? item.Cashback
                : item.Amount > 0 ? CashbackCalculator.Share(item.Cashback, refunded, item.Amount)
                : CashbackCalculator.Share(item.Cashback, quantity, item.Quantity);
            planned.Add(new ReturnedLine(line.Sku, line.Quantity, line.Amount, Math.Clamp(cumulative - before.Points, 0, item.Points - before.Points))
            {
                Cashback = Math.Clamp(cumulativeCashback - before.Cashback, 0, item.Cashback - before.Cashback),
            });
        }
        var points = Math.Min(planned.Sum(l => l.Points), purchase.Points - soFar.Points);
        var cashbackLeft = purchase.Cashback.Sum(c => c.Amount) - soFar.Cashback;
        return (new ReturnPlan(planned, planned.Sum(l => l.Amount), points) { Cashback = Math.Min(planned.Sum(l => l.Cashback), cashbackLeft) }, null);
    }

    /// <summary>Per sku: quantity, amount and the points and cashback its lines earned (older purchases without line shares: shared by amount).</summary>
    private static Dictionary<string, (decimal Quantity, decimal Amount, long Points, decimal Cashback)> Bought(PointsEarned purchase)
    {
        var items = purchase.Items;
        var total = items.Sum(i => i.Amount);
        var cashback = purchase.Cashback.Sum(c => c.Amount);
        var points = items.Select(i => i.Points ?? (total > 0 ? Share(purchase.Points, i.Amount, total) : 0)).ToList();
        var cashbacks = items.Select(i => i.Cashback ?? CashbackCalculator.Share(cashback, i.Amount, total)).ToList();
        return items.Select((item, i) => (item, points: points[i], cashback: cashbacks[i]))
            .GroupBy(x => x.item.Sku, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.Sum(x => x.item.Quantity), g.Sum(x => x.item.Amount), g.Sum(x => x.points), g.Sum(x => x.cashback)), StringComparer.Ordinal);
    }

    private static long Share(long points, decimal part, decimal whole) => whole <= 0 ? 0 : (long)decimal.Floor(points * part / whole);
}
