using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Grains.Storage;

namespace OrleansLoyalty.Grains.Ledger;

/// <summary>
/// Group commit for single-event appends: appends from many members that arrive while a write is in
/// flight go to PostgreSQL together, as one multi-row INSERT in one transaction. Each row stays a
/// compare-and-append of its own (ON CONFLICT DO NOTHING, RETURNING tells which rows landed), and no
/// caller hears "appended" before the commit that holds its row. Under light load a batch is one row,
/// so latency is unchanged; under heavy load one commit (one WAL flush) serves many acknowledgements.
/// </summary>
/// <remarks>
/// Not a hosted service on purpose: it must outlive the silo's shutdown, where deactivating grains may
/// still write, so it drains and stops only when the container disposes it.
/// </remarks>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    // One batch fills while the other waits for its WAL flush. More writers only split the same load
    // into smaller, costlier batches: on the 2-core bench machine 2 beat 4 by about 15 % (docs/benchmarks.md).
    private const int ConcurrentBatches = 2;
    private const int MaxBatchSize = 512;

    private readonly Channel<PendingAppend> pending = Channel.CreateUnbounded<PendingAppend>();
    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<GroupCommitWriter> logger;
    private readonly Task writers;

    public GroupCommitWriter(NpgsqlDataSource dataSource, ILogger<GroupCommitWriter> logger)
    {
        this.dataSource = dataSource;
        this.logger = logger;
        writers = Task.WhenAll(Enumerable.Range(0, ConcurrentBatches).Select(_ => Task.Run(WriteBatches)));
    }

    /// <summary>True when the event was appended at <paramref name="version"/>; false when that version or the event's idempotency key was taken.</summary>
    public Task<bool> Append(string memberId, int version, MemberEvent @event)
    {
        var append = new PendingAppend(memberId, version, @event.EventType, MemberEventStore.IdempotencyKeyOf(@event),
            JsonSerializer.Serialize(@event, LedgerJson.Options));
        if (!pending.Writer.TryWrite(append))
        {
            throw new InvalidOperationException("The ledger writer has stopped.");
        }
        return append.Outcome.Task;
    }

    /// <summary>Appends already accepted are written; new ones are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await writers;
    }

    private async Task WriteBatches()
    {
        var batch = new List<PendingAppend>(MaxBatchSize);
        while (await pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatchSize && pending.Reader.TryRead(out var append))
            {
                batch.Add(append);
            }
            if (batch.Count == 0) continue;
            // Appends racing for one (member, version) within a batch: only the first can land, and
            // RETURNING could not tell the racers apart, so the others lose here and now.
            var contenders = batch.DistinctBy(a => (a.MemberId, a.Version)).ToList();
            foreach (var loser in batch.Except(contenders))
            {
                loser.Outcome.TrySetResult(false);
            }
            try
            {
                var landed = await Write(contenders);
                foreach (var append in contenders)
                {
                    append.Outcome.TrySetResult(landed.Contains((append.MemberId, append.Version)));
                }
            }
            catch (Exception e)
            {
                // The outcome is unknown to the callers: the event adaptor re-reads the stream and finds out.
                logger.LogWarning(e, "A group commit of {Count} ledger events failed", contenders.Count);
                foreach (var append in contenders)
                {
                    append.Outcome.TrySetException(e);
                }
            }
            batch.Clear();
        }
    }

    private async Task<HashSet<(string, int)>> Write(List<PendingAppend> batch)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO member_events (member_id, version, event_type, idempotency_key, payload)
            SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::jsonb[])
            ON CONFLICT DO NOTHING
            RETURNING member_id, version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.MemberId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.EventType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.IdempotencyKey).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });

        // A single statement commits atomically on its own. The reader is disposed (the commit confirmed)
        // before the caller sees the result, so no append is acknowledged ahead of its commit.
        var landed = new HashSet<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            landed.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return landed;
    }

    /// <summary>One caller's append; a class, so batches tell callers apart by identity, not by value.</summary>
    private sealed class PendingAppend(string memberId, int version, string eventType, string? idempotencyKey, string payload)
    {
        public string MemberId { get; } = memberId;

        public int Version { get; } = version;

        public string EventType { get; } = eventType;

        public string? IdempotencyKey { get; } = idempotencyKey;

        public string Payload { get; } = payload;

        public TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
