using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.Cashback;

/// <summary>A movement of the cashback wallet: which event (stream version) moved how much of which currency, and the balance after.</summary>
public sealed record CashbackLine(int Sequence, string Type, decimal Amount, string Currency, decimal BalanceAfter, DateTimeOffset RecordedAt, string IdempotencyKey, string? Description);

/// <summary>
/// The cashback wallet's own statement, folded from the member's stream like the points statement: every event that moved
/// the money (purchases, returns, spending, merges) is a line per currency it moved, so the lines add up to the balances.
/// </summary>
public static class CashbackStatement
{
    /// <summary>The <paramref name="limit"/> newest lines, newest first.</summary>
    public static IReadOnlyList<CashbackLine> Newest(IEnumerable<MemberEvent> stream, int limit)
    {
        var window = new Queue<CashbackLine>(limit + 1);
        var account = new MemberAccount();
        var before = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var @event in stream)
        {
            account.Apply(@event);
            foreach (var currency in account.CashbackBalances.Keys.Union(before.Keys).Order(StringComparer.Ordinal).ToList())
            {
                var after = account.CashbackBalance(currency);
                var change = after - before.GetValueOrDefault(currency);
                if (change == 0) continue;
                before[currency] = after;
                var entry = account.LastEntry;
                window.Enqueue(new CashbackLine(account.Version, entry?.Type ?? @event.EventType, change, currency, after, @event.RecordedAt, entry?.IdempotencyKey ?? "", entry?.Description));
                if (window.Count > limit) window.Dequeue();
            }
        }
        return [.. window.Reverse()];
    }
}
