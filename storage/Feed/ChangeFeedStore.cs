using Npgsql;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Storage.Feed;

/// <summary>Reads the change feed (member events by position) and keeps consumers' checkpoints, in PostgreSQL.</summary>
public sealed class ChangeFeedStore(NpgsqlDataSource dataSource)
{
    private const int SnapshotRetries = 5;

    /// <summary>
    /// Reads the sequence, then takes a transaction id of its own (a transaction that ends at once), then a snapshot, in
    /// that order and each in its own statement (see <see cref="FeedWatermark"/>); returns the safe and the last drawn position.
    /// </summary>
    public async Task<(long Safe, long Last)> ProbeSafePosition(FeedWatermark watermark, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long lastPosition;
        await using (var sequence = new NpgsqlCommand(
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('member_events', 'position')), 0)", connection))
        {
            lastPosition = (long)(await sequence.ExecuteScalarAsync(cancellationToken))!;
        }
        ulong horizon;
        await using (var assign = new NpgsqlCommand("SELECT pg_current_xact_id()::text::numeric", connection))
        {
            horizon = (ulong)(decimal)(await assign.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var snapshot = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::numeric", connection);
        var xmin = (ulong)(decimal)(await snapshot.ExecuteScalarAsync(cancellationToken))!;
        // Writers and other probes that took their ids just before this one are usually done a moment later: look again
        // briefly, so a quiet feed is safe up to its end in one probe rather than the next.
        for (var retry = 0; xmin < horizon && retry < SnapshotRetries; retry++)
        {
            await Task.Delay(1, cancellationToken);
            xmin = (ulong)(decimal)(await snapshot.ExecuteScalarAsync(cancellationToken))!;
        }
        return (watermark.Observe(lastPosition, horizon, xmin), lastPosition);
    }

    /// <summary>Events after <paramref name="after"/> up to <paramref name="upTo"/> (a safe position), in position order.</summary>
    public async Task<IReadOnlyList<FeedEvent>> Read(long after, long upTo, int limit, CancellationToken cancellationToken = default)
    {
        if (upTo <= after) return [];
        await using var command = dataSource.CreateCommand("""
            SELECT position, member_id, version, recorded_at, payload
            FROM member_events
            WHERE position > $1 AND position <= $2
            ORDER BY position
            LIMIT $3
            """);
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(upTo);
        command.Parameters.AddWithValue(limit);
        var events = new List<FeedEvent>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new FeedEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2),
                reader.GetFieldValue<DateTimeOffset>(3), StoredEvent.Deserialize(reader.GetString(4))));
        }
        return events;
    }

    /// <summary>The consumer's checkpoint, created at 0 the first time.</summary>
    public async Task<long> Checkpoint(string consumer, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO feed_checkpoints (consumer, position) VALUES ($1, 0)
            ON CONFLICT (consumer) DO UPDATE SET consumer = EXCLUDED.consumer
            RETURNING position
            """);
        command.Parameters.AddWithValue(consumer);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Moves the checkpoint from <paramref name="from"/> to <paramref name="to"/>; false when another instance
    /// of the consumer moved it meanwhile (it then re-reads the checkpoint and goes on from there).
    /// </summary>
    public async Task<bool> TryAdvance(string consumer, long from, long to, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE feed_checkpoints SET position = $3, updated_at = now() WHERE consumer = $1 AND position = $2");
        command.Parameters.AddWithValue(consumer);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
