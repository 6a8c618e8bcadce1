namespace OrleansLoyalty.Storage.Feed;

/// <summary>
/// The highest feed position below which no event can still appear. Positions are drawn from a sequence
/// when a row is inserted, so they commit out of order: 102 may be visible while 101 is still in flight.
/// </summary>
/// <remarks>
/// Exact, without timeouts: every writer takes its transaction id before it draws a position (the insert's
/// <c>WHERE pg_current_xact_id() IS NOT NULL</c>). A probe reads the sequence's last position P, then has a
/// transaction id H assigned to itself: ids are handed out in order, so every transaction that drew a position ≤ P
/// has an id below H. Once a later snapshot's xmin reaches H, all of them have committed or rolled back, so every
/// position ≤ P is final: visible now, or never. Gaps (rolled back, or burnt by ON CONFLICT DO NOTHING) are skipped.
/// (A snapshot's xmax is not such a horizon: it is one past the latest <em>completed</em> id, so the newest running
/// writer can be at or above it, outside the snapshot's running list, and its position was declared final early.)
/// </remarks>
public sealed class FeedWatermark
{
    private readonly Queue<(long Position, ulong XidHorizon)> pending = new();

    /// <summary>The highest position known to be final.</summary>
    public long Safe { get; private set; }

    /// <param name="lastPosition">The sequence's last drawn position, read first.</param>
    /// <param name="xidHorizon">A transaction id assigned after reading <paramref name="lastPosition"/>.</param>
    /// <param name="snapshotXmin">The xmin of a snapshot taken after that: transactions below it have all ended.</param>
    /// <returns>The safe position after this probe.</returns>
    public long Observe(long lastPosition, ulong xidHorizon, ulong snapshotXmin)
    {
        if (pending.Count == 0 || pending.Last().Position < lastPosition) pending.Enqueue((lastPosition, xidHorizon));
        while (pending.TryPeek(out var probe) && probe.XidHorizon <= snapshotXmin)
        {
            Safe = Math.Max(Safe, probe.Position);
            pending.Dequeue();
        }
        return Safe;
    }
}
