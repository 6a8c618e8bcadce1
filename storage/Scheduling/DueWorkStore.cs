using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.GrainInterfaces.Scheduling;

namespace OrleansLoyalty.Storage.Scheduling;

/// <summary>
/// The due_work table. A shard claims its due items by leasing them (FOR UPDATE SKIP LOCKED, committed at once),
/// delivers them outside any transaction and then settles them. No transaction stays open while grains work: an open
/// transaction holds PostgreSQL's xmin horizon, and the change feed's high-water mark (FeedWatermark) waits for it.
/// </summary>
public sealed class DueWorkStore(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>How long a claimed item is hidden from other claims: a silo that dies mid-delivery leaves it due again after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due items of <paramref name="shard"/>, delivers them, then deletes the done
    /// ones and moves the others to their next due time. An item is run at least once: a crash mid-way leaves it leased,
    /// and it falls due again (with the same id) when the lease ends. A settlement only touches an item still under this
    /// claim's lease, so a slow delivery that another claim overtook cannot undo that claim's work.
    /// </summary>
    /// <param name="deliver">Returns the owner's outcome, or null when delivery failed (retried with backoff).</param>
    public async Task<int> RunDue(int shard, int limit, Func<IReadOnlyList<DueWorkItem>, Task<IReadOnlyList<DueWorkOutcome?>>> deliver, CancellationToken cancellationToken = default)
    {
        var items = new List<DueWorkItem>();
        var leases = new List<DateTimeOffset>();
        await using (var claim = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id, due_at FROM due_work
                WHERE shard = $1 AND due_at <= now()
                ORDER BY due_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            UPDATE due_work d SET due_at = now() + $3::interval
            FROM due WHERE d.id = due.id
            RETURNING d.id, d.kind, d.key, due.due_at, d.attempts, d.due_at
            """))
        {
            claim.Parameters.AddWithValue((short)shard);
            claim.Parameters.AddWithValue(limit);
            claim.Parameters.AddWithValue(Lease);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new DueWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4)));
                leases.Add(reader.GetFieldValue<DateTimeOffset>(5));
            }
        }
        if (items.Count == 0) return 0;
        // Oldest first, as they were claimed (RETURNING keeps no order).
        var order = Enumerable.Range(0, items.Count).OrderBy(i => items[i].DueAt).ToList();
        items = [.. order.Select(i => items[i])];
        leases = [.. order.Select(i => leases[i])];

        var outcomes = await deliver(items);
        var now = DateTimeOffset.UtcNow;
        var next = items.Select((item, i) => outcomes[i] switch
        {
            null => now + RetryDelay(item.Attempts + 1),
            { NextDueAt: { } due } => due,
            _ => (DateTimeOffset?)null,
        }).ToList();
        await using (var settle = dataSource.CreateCommand("""
            WITH settled AS (SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::boolean[], $4::timestamptz[]) AS s(id, next_due, failed, leased_until)),
            removed AS (DELETE FROM due_work d USING settled s WHERE d.id = s.id AND d.due_at = s.leased_until AND s.next_due IS NULL)
            UPDATE due_work d SET due_at = s.next_due, attempts = CASE WHEN s.failed THEN d.attempts + 1 ELSE 0 END
            FROM settled s WHERE d.id = s.id AND d.due_at = s.leased_until AND s.next_due IS NOT NULL
            """))
        {
            settle.Parameters.Add(new NpgsqlParameter { Value = items.Select(i => i.Id).ToArray() });
            settle.Parameters.Add(new NpgsqlParameter { Value = next.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            settle.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o is null).ToArray() });
            settle.Parameters.Add(new NpgsqlParameter { Value = leases.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            await settle.ExecuteNonQueryAsync(cancellationToken);
        }
        return items.Count;
    }

    /// <summary>
    /// Schedules an item of <paramref name="kind"/> for <paramref name="key"/> at <paramref name="dueAt"/>, unless one is
    /// pending already (that one is kept): for work that no event schedules, such as housekeeping.
    /// </summary>
    public async Task Schedule(string kind, string key, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO due_work (shard, kind, key, due_at) VALUES (due_work_shard($2), $1, $2, $3)
            ON CONFLICT (kind, key) DO NOTHING
            """);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(dueAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>1 s, 2 s, 4 s … up to an hour: an owner that keeps failing is not hammered.</summary>
    public static TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Min(attempts - 1, 20))));
}
