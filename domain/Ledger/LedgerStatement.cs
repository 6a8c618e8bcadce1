namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// The points statement, folded from the stream when asked for rather than kept in the member's memory:
/// the same fold as the account's (so the same balances and tiers), keeping only the lines asked for.
/// </summary>
public static class LedgerStatement
{
    /// <summary>Every line, oldest first.</summary>
    public static IReadOnlyList<LedgerEntry> All(IEnumerable<MemberEvent> stream) => [.. Lines(stream)];

    /// <summary>
    /// The <paramref name="limit"/> newest lines before sequence <paramref name="before"/> (all when null), newest
    /// first, and whether older lines exist: a fold in bounded memory, whatever the stream's length.
    /// </summary>
    public static (IReadOnlyList<LedgerEntry> Lines, bool More) Page(IEnumerable<MemberEvent> stream, int? before, int limit)
    {
        var window = new Queue<LedgerEntry>(limit + 1);
        foreach (var line in Lines(stream))
        {
            if (before is not null && line.Sequence >= before) break;
            window.Enqueue(line);
            if (window.Count > limit + 1) window.Dequeue();
        }
        var more = window.Count > limit;
        if (more) window.Dequeue();
        return ([.. window.Reverse()], more);
    }

    /// <summary>The line of the event at <paramref name="version"/>, or null when that event made none.</summary>
    public static LedgerEntry? At(IEnumerable<MemberEvent> stream, int version) => Lines(stream).FirstOrDefault(line => line.Sequence == version);

    private static IEnumerable<LedgerEntry> Lines(IEnumerable<MemberEvent> stream)
    {
        var account = new MemberAccount();
        foreach (var @event in stream)
        {
            account.Apply(@event);
            if (account.LastEntry is { } line) yield return line;
        }
    }
}
