using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.GrainInterfaces.Scheduling;

namespace OrleansLoyalty.Storage.Scheduling;

/// <summary>The due_work table: claims a shard's due items with FOR UPDATE SKIP LOCKED and settles them in the same transaction.</summary>
public sealed class DueWorkStore(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due items of <paramref name="shard"/>, delivers them, then deletes
    /// the done ones and moves the others to their next due time, all before the claim is released: an item
    /// is run at least once, and a crash mid-way leaves it due, to be delivered again (with the same id).
    /// </summary>
    /// <param name="deliver">Returns the owner's outcome, or null when delivery failed (retried with backoff).</param>
    public async Task<int> RunDue(int shard, int limit, Func<IReadOnlyList<DueWorkItem>, Task<IReadOnlyList<DueWorkOutcome?>>> deliver, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var items = new List<DueWorkItem>();
        await using (var claim = new NpgsqlCommand("""
            SELECT id, kind, key, due_at, attempts FROM due_work
            WHERE shard = $1 AND due_at <= now()
            ORDER BY due_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue((short)shard);
            claim.Parameters.AddWithValue(limit);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new DueWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4)));
            }
        }
        if (items.Count == 0) return 0;

        var outcomes = await deliver(items);
        var now = DateTimeOffset.UtcNow;
        var next = items.Select((item, i) => outcomes[i] switch
        {
            null => now + RetryDelay(item.Attempts + 1),
            { NextDueAt: { } due } => due,
            _ => (DateTimeOffset?)null,
        }).ToList();
        await using (var settle = new NpgsqlCommand("""
            WITH settled AS (SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::boolean[]) AS s(id, next_due, failed)),
            removed AS (DELETE FROM due_work d USING settled s WHERE d.id = s.id AND s.next_due IS NULL)
            UPDATE due_work d SET due_at = s.next_due, attempts = CASE WHEN s.failed THEN d.attempts + 1 ELSE 0 END
            FROM settled s WHERE d.id = s.id AND s.next_due IS NOT NULL
            """, connection, transaction))
        {
            settle.Parameters.Add(new NpgsqlParameter { Value = items.Select(i => i.Id).ToArray() });
            settle.Parameters.Add(new NpgsqlParameter { Value = next.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            settle.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o is null).ToArray() });
            await settle.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
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
