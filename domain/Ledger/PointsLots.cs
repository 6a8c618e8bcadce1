namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// Points earned together: when (<see cref="EarnedAt"/>), until when they are pending (<see cref="PendingUntil"/>, null once
/// available), when they expire (null: never), what of them is left, and who first earned them (null: this member; a
/// merged member's id when they came with a merge). <see cref="Id"/> is the stream version of the event that made it.
/// </summary>
public sealed record PointsLot(long Id, DateTimeOffset EarnedAt, DateTimeOffset? PendingUntil, DateTimeOffset? ExpiresAt, long Remaining, string? Origin = null)
{
    public bool IsPending => PendingUntil is not null;
}

/// <summary>Points of one lot an event names (released, expired).</summary>
public sealed record LotPoints(long LotId, long Points);

/// <summary>How a reversal (a return) was covered, in the order it was taken.</summary>
public sealed record Reversal(long FromPending, long FromAvailable, long BelowZero, long ToDebt);

/// <summary>
/// A member's points as lots. Spending takes the soonest-expiring available lots first (those that never expire last,
/// then the oldest). Available lots with the same expiry and origin are kept as one, so a member who never redeems holds
/// one lot per expiry date, not one per purchase. Points a return takes back beyond what is left make the balance
/// negative down to a limit, and a debt beyond it; points that become available repay the debt first, then the negative
/// balance. Changed only by the account's fold, so it is the same on every replay.
/// </summary>
public sealed class PointsLots
{
    private readonly List<PointsLot> lots = [];

    public IReadOnlyList<PointsLot> All => lots;

    /// <summary>What the member may redeem: available points less what a return took below zero.</summary>
    public long Balance => lots.Where(l => !l.IsPending).Sum(l => l.Remaining) - BelowZero;

    public long Pending => lots.Where(l => l.IsPending).Sum(l => l.Remaining);

    /// <summary>Points a return took back that were already spent, within the program's negative-balance limit.</summary>
    public long BelowZero { get; private set; }

    /// <summary>Points a return took back beyond the negative-balance limit: recovered from future earns.</summary>
    public long Debt { get; private set; }

    public void Restore(IEnumerable<PointsLot> restored, long belowZero, long debt)
    {
        lots.Clear();
        lots.AddRange(restored);
        BelowZero = belowZero;
        Debt = debt;
    }

    public void Clear() => Restore([], 0, 0);

    /// <summary>Takes on what another member owed (a merge): it is recovered from points that become available later, as it would have been there.</summary>
    public void AddOwed(long belowZero, long debt)
    {
        BelowZero += belowZero;
        Debt += debt;
    }

    /// <summary>Adds the points of an earn: pending until <paramref name="pendingUntil"/>, or available at once when null.</summary>
    public void Earn(long id, DateTimeOffset earnedAt, DateTimeOffset? pendingUntil, DateTimeOffset? expiresAt, long points, string? origin = null)
    {
        if (points <= 0) return;
        if (pendingUntil is not null) lots.Add(new PointsLot(id, earnedAt, pendingUntil, expiresAt, points, origin));
        else Credit(new PointsLot(id, earnedAt, null, expiresAt, points, origin));
    }

    /// <summary>Makes the named pending lots available (the amounts are the event's, so a replay credits what was decided).</summary>
    public void Release(IEnumerable<LotPoints> released)
    {
        foreach (var (id, points) in released)
        {
            var index = lots.FindIndex(l => l.Id == id && l.IsPending);
            if (index < 0) continue;
            var lot = lots[index];
            lots.RemoveAt(index);
            Credit(lot with { PendingUntil = null, Remaining = Math.Min(points, lot.Remaining) });
        }
    }

    public void Expire(IEnumerable<LotPoints> expired)
    {
        foreach (var (id, points) in expired)
        {
            var index = lots.FindIndex(l => l.Id == id && !l.IsPending);
            if (index >= 0) Take(index, points);
        }
    }

    /// <summary>Spends available points, soonest-expiring first; the caller has checked the balance allows it.</summary>
    public void Spend(long points)
    {
        foreach (var lot in SpendingOrder().ToList())
        {
            if (points <= 0) break;
            points -= Take(lots.IndexOf(lot), points);
        }
        // A spend beyond the lots (streams older than lots, where the balance was checked) goes below zero rather than vanish.
        BelowZero += Math.Max(0, points);
    }

    /// <summary>
    /// Takes back the points of a return: from the purchase's own lot first (pending or not), then from the available lots
    /// soonest-expiring first, then below zero down to <paramref name="negativeLimit"/>, then as a debt.
    /// </summary>
    public Reversal Reverse(long points, long purchaseLotId, long negativeLimit)
    {
        long fromPending = 0, fromAvailable = 0;
        var own = lots.FindIndex(l => l.Id == purchaseLotId && l.Origin is null);
        if (own >= 0)
        {
            var pending = lots[own].IsPending;
            var taken = Take(own, points);
            if (pending) fromPending += taken; else fromAvailable += taken;
            points -= taken;
        }
        foreach (var lot in SpendingOrder().ToList())
        {
            if (points <= 0) break;
            var taken = Take(lots.IndexOf(lot), points);
            fromAvailable += taken;
            points -= taken;
        }
        var belowZero = Math.Min(points, Math.Max(0, negativeLimit - BelowZero));
        BelowZero += belowZero;
        Debt += points - belowZero;
        return new Reversal(fromPending, fromAvailable, belowZero, points - belowZero);
    }

    /// <summary>
    /// Removes points (a merge undone), from lots of <paramref name="preferredOrigins"/> first, soonest-expiring first, pending
    /// last; returns what it took of each lot (so the member they go back to gets them with their expiry and pending state).
    /// </summary>
    public IReadOnlyList<PointsLot> Withdraw(long points, IReadOnlyCollection<string> preferredOrigins)
    {
        var order = lots.OrderBy(l => l.Origin is { } o && preferredOrigins.Contains(o) ? 0 : 1).ThenBy(l => l.IsPending).ThenBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(l => l.Id).ToList();
        var taken = new List<PointsLot>();
        foreach (var lot in order)
        {
            if (points <= 0) break;
            var amount = Take(lots.IndexOf(lot), points);
            taken.Add(lot with { Remaining = amount });
            points -= amount;
        }
        BelowZero += Math.Max(0, points);
        return taken;
    }

    /// <summary>A copy to try a change on (what an undo would withdraw) without changing these lots.</summary>
    public PointsLots Copy()
    {
        var copy = new PointsLots();
        copy.Restore(lots, BelowZero, Debt);
        return copy;
    }

    /// <summary>Pending lots due to become available at <paramref name="now"/>.</summary>
    public IReadOnlyList<LotPoints> DueForRelease(DateTimeOffset now) =>
        [.. lots.Where(l => l.PendingUntil is { } until && until <= now).Select(l => new LotPoints(l.Id, l.Remaining))];

    /// <summary>Available lots past their expiry at <paramref name="now"/>, with what is left of them.</summary>
    public IReadOnlyList<LotPoints> DueForExpiry(DateTimeOffset now) =>
        [.. lots.Where(l => !l.IsPending && l.ExpiresAt is { } at && at <= now && l.Remaining > 0).Select(l => new LotPoints(l.Id, l.Remaining))];

    /// <summary>When the next lot becomes available or expires; null when none will.</summary>
    public DateTimeOffset? NextDue() => lots
        .Select(l => l.PendingUntil ?? (l.Remaining > 0 ? l.ExpiresAt : null))
        .Where(d => d is not null)
        .Min();

    /// <summary>Available points that expire within <paramref name="days"/> of <paramref name="now"/>.</summary>
    public long ExpiringWithin(DateTimeOffset now, int days) =>
        lots.Where(l => !l.IsPending && l.ExpiresAt is { } at && at <= now.AddDays(days)).Sum(l => l.Remaining);

    /// <summary>Available points credited: they repay a debt first, then a negative balance, and the rest joins a lot of the same expiry and origin.</summary>
    private void Credit(PointsLot lot)
    {
        var remaining = lot.Remaining;
        var repaid = Math.Min(remaining, Debt);
        Debt -= repaid;
        remaining -= repaid;
        var covered = Math.Min(remaining, BelowZero);
        BelowZero -= covered;
        remaining -= covered;
        if (remaining <= 0) return;
        var same = lots.FindIndex(l => !l.IsPending && l.ExpiresAt == lot.ExpiresAt && l.Origin == lot.Origin);
        if (same >= 0) lots[same] = lots[same] with { Remaining = lots[same].Remaining + remaining };
        else lots.Add(lot with { Remaining = remaining });
    }

    private IEnumerable<PointsLot> SpendingOrder() =>
        lots.Where(l => !l.IsPending && l.Remaining > 0).OrderBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(l => l.Id);

    /// <summary>Takes up to <paramref name="points"/> from the lot at <paramref name="index"/>, dropping it when empty; returns what was taken.</summary>
    private long Take(int index, long points)
    {
        var lot = lots[index];
        var taken = Math.Min(points, lot.Remaining);
        if (lot.Remaining - taken == 0) lots.RemoveAt(index);
        else lots[index] = lot with { Remaining = lot.Remaining - taken };
        return taken;
    }
}
