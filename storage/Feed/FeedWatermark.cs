namespace OrleansLoyalty.Storage.Feed;

/// <summary>
/// The highest feed position below which no event can still appear. Positions are drawn from a sequence
/// when a row is inserted, so they commit out of order: 102 may be visible while 101 is still in flight.
/// </summary>
/// <remarks>
/// Exact, without timeouts: every writer takes its transaction id before it draws a position (the insert's
/// <c>WHERE pg_current_xact_id() IS NOT NULL</c>). A probe reads the sequence's last position P, then the
/// snapshot's xmax X: every transaction that drew a position ≤ P had its id (&lt; X) by then. Once a later
/// snapshot's xmin reaches X, all of them have committed or rolled back, so every position ≤ P is final:
/// visible now, or never. Gaps (rolled back, or burnt by ON CONFLICT DO NOTHING) are simply skipped.
/// </remarks>
public sealed class FeedWatermark
{
    private readonly Queue<(long Position, ulong XidHorizon)> pending = new();

    /// <summary>The highest position known to be final.</summary>
    public long Safe { get; private set; }

    /// <param name="lastPosition">The sequence's last drawn position, read first.</param>
    /// <param name="snapshotXmax">The xmax of a snapshot taken after reading <paramref name="lastPosition"/>.</param>
    /// <param name="snapshotXmin">The xmin of that same snapshot: transactions below it have all ended.</param>
    /// <returns>The safe position after this probe.</returns>
    public long Observe(long lastPosition, ulong snapshotXmax, ulong snapshotXmin)
    {
        if (pending.Count == 0 || pending.Last().Position < lastPosition) pending.Enqueue((lastPosition, snapshotXmax));
        while (pending.TryPeek(out var probe) && probe.XidHorizon <= snapshotXmin)
        {
            Safe = Math.Max(Safe, probe.Position);
            pending.Dequeue();
        }
        return Safe;
    }
}
