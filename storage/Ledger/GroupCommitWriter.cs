using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Storage.Scheduling;

namespace OrleansLoyalty.Storage.Ledger;

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

    /// <summary>Appends <paramref name="event"/> at <paramref name="version"/> once its batch commits; throws when the outcome is unknown.</summary>
    /// <param name="schedules">Timed work to schedule in the same statement, so it exists exactly when the event does.</param>
    public Task<AppendOutcome> Append(string memberId, int version, MemberEvent @event, IReadOnlyList<ScheduledWork>? schedules = null)
    {
        var payload = StoredEvent.Serialize(@event);
        // A row PostgreSQL would refuse never joins a batch, where it would fail everyone else's append too.
        if (!StoredEvent.IsStorable(payload)) return Task.FromResult(AppendOutcome.Rejected);
        var append = new PendingAppend(memberId, version, @event.EventType, IdempotencyKeys.KeyOf(@event), payload, schedules ?? []);
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
                loser.Outcome.TrySetResult(AppendOutcome.VersionTaken);
            }
            await WriteAndAnswer(contenders);
            batch.Clear();
        }
    }

    /// <summary>
    /// Writes a batch and gives every caller its own answer. A statement the database refused as a whole
    /// (one row's bad data) committed nothing, so its rows are written again one by one: the bad row is
    /// refused alone and the others land. Any other failure leaves the outcome unknown to every caller.
    /// </summary>
    private async Task WriteAndAnswer(List<PendingAppend> batch)
    {
        try
        {
            var outcomes = await Write(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (PostgresException refused) when (!refused.IsTransient && batch.Count > 1)
        {
            logger.LogWarning(refused, "A group commit of {Count} ledger events was refused ({SqlState}); writing them one by one", batch.Count, refused.SqlState);
            foreach (var append in batch)
            {
                await WriteAndAnswer([append]);
            }
        }
        catch (PostgresException refused) when (!refused.IsTransient)
        {
            logger.LogError(refused, "PostgreSQL refused a ledger event of member {MemberId} ({SqlState})", batch[0].MemberId, refused.SqlState);
            batch[0].Outcome.TrySetResult(AppendOutcome.Rejected);
        }
        catch (Exception e)
        {
            // The outcome is unknown to the callers: each member grain re-reads its stream and finds out.
            logger.LogWarning(e, "A group commit of {Count} ledger events failed", batch.Count);
            foreach (var append in batch)
            {
                append.Outcome.TrySetException(e);
            }
        }
    }

    private async Task<AppendOutcome[]> Write(List<PendingAppend> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var landed = new HashSet<(string, int)>();
        // The filter takes the transaction id before any position is drawn, which the change feed's
        // high-water mark relies on (FeedWatermark). The due_work rows are inserted for the events that
        // landed, in the same statement: a single statement commits atomically on its own.
        await using (var insert = new NpgsqlCommand("""
            WITH rows AS (
                SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::jsonb[])
                    AS r(member_id, version, event_type, idempotency_key, payload)),
            schedules AS (
                SELECT * FROM unnest($6::text[], $7::integer[], $8::text[], $9::text[], $10::timestamptz[])
                    AS s(member_id, version, kind, key, due_at)),
            appended AS (
                INSERT INTO member_events (member_id, version, event_type, idempotency_key, payload)
                SELECT member_id, version, event_type, idempotency_key, payload FROM rows
                WHERE pg_current_xact_id() IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING member_id, version),
            scheduled AS (
                INSERT INTO due_work (shard, kind, key, due_at)
                SELECT DISTINCT ON (s.kind, s.key) due_work_shard(s.member_id), s.kind, s.key, s.due_at
                FROM schedules s JOIN appended a USING (member_id, version)
                ORDER BY s.kind, s.key, s.due_at
                ON CONFLICT (kind, key) DO NOTHING)
            SELECT member_id, version FROM appended
            """, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.MemberId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.Version).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.EventType).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.IdempotencyKey).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = batch.Select(a => a.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            var schedules = batch.SelectMany(a => a.Schedules.Select(work => (Append: a, Work: work))).ToList();
            insert.Parameters.Add(new NpgsqlParameter { Value = schedules.Select(s => s.Append.MemberId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = schedules.Select(s => s.Append.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            insert.Parameters.Add(new NpgsqlParameter { Value = schedules.Select(s => s.Work.Kind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = schedules.Select(s => s.Append.MemberId + s.Work.KeySuffix).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = schedules.Select(s => s.Work.DueAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });

            // The reader is disposed (the commit confirmed) before any caller sees a result, so no append
            // is acknowledged ahead of its commit.
            await using var reader = await insert.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                landed.Add((reader.GetString(0), reader.GetInt32(1)));
            }
        }
        var missed = batch.Where(a => !landed.Contains((a.MemberId, a.Version))).ToList();
        var versionsTaken = missed.Count == 0 ? [] : await TakenVersions(connection, missed);
        return [.. batch.Select(a =>
            landed.Contains((a.MemberId, a.Version)) ? AppendOutcome.Appended
            : versionsTaken.Contains((a.MemberId, a.Version)) ? AppendOutcome.VersionTaken
            : AppendOutcome.KeyTaken)];
    }

    /// <summary>
    /// Which of the appends that did not land found their version taken; the others were stopped by their
    /// idempotency key alone. Rare (a lost race or a reused key), so it costs a query only then.
    /// </summary>
    private static async Task<HashSet<(string, int)>> TakenVersions(NpgsqlConnection connection, List<PendingAppend> missed)
    {
        await using var query = new NpgsqlCommand("""
            SELECT e.member_id, e.version FROM member_events e
            JOIN unnest($1::text[], $2::integer[]) AS m(member_id, version) USING (member_id, version)
            """, connection);
        query.Parameters.Add(new NpgsqlParameter { Value = missed.Select(a => a.MemberId).ToArray() });
        query.Parameters.Add(new NpgsqlParameter { Value = missed.Select(a => a.Version).ToArray() });
        var taken = new HashSet<(string, int)>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            taken.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return taken;
    }

    /// <summary>One caller's append; a class, so batches tell callers apart by identity, not by value.</summary>
    private sealed class PendingAppend(string memberId, int version, string eventType, string? idempotencyKey, string payload, IReadOnlyList<ScheduledWork> schedules)
    {
        public IReadOnlyList<ScheduledWork> Schedules { get; } = schedules;

        public string MemberId { get; } = memberId;

        public int Version { get; } = version;

        public string EventType { get; } = eventType;

        public string? IdempotencyKey { get; } = idempotencyKey;

        public string Payload { get; } = payload;

        public TaskCompletionSource<AppendOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
