using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Storage.Ledger;

/// <summary>
/// The member event streams in PostgreSQL. Appends are compare-and-append on (member, version):
/// a writer whose view is stale (a duplicate activation, a lost race) gets <c>false</c>, never a fork.
/// </summary>
public sealed class MemberEventStore(NpgsqlDataSource dataSource)
{
    private const string InsertEvent = """
        INSERT INTO member_events (member_id, version, event_type, idempotency_key, payload)
        SELECT $1, $2, $3, $4, $5
        WHERE pg_current_xact_id() IS NOT NULL
        ON CONFLICT DO NOTHING
        """;

    /// <summary>The member's account: its latest snapshot (if any, and readable) plus the events after it.</summary>
    public async Task<MemberAccount> Load(string memberId, CancellationToken cancellationToken = default) =>
        (await LoadForActivation(memberId, cancellationToken)).Account;

    /// <summary>As <see cref="Load"/>, with the version of the snapshot it started from (0 when none).</summary>
    public async Task<(MemberAccount Account, int SnapshotVersion)> LoadForActivation(string memberId, CancellationToken cancellationToken = default)
    {
        var snapshot = await Snapshot(memberId, cancellationToken);
        var account = snapshot is null ? new MemberAccount() : MemberAccount.FromSnapshot(snapshot);
        await foreach (var @event in Events(memberId, after: account.Version, upTo: null, cancellationToken))
        {
            account.Apply(@event);
        }
        return (account, snapshot?.Version ?? 0);
    }

    /// <summary>The account folded from the whole stream, ignoring any snapshot.</summary>
    public async Task<MemberAccount> LoadFromStart(string memberId, CancellationToken cancellationToken = default)
    {
        var account = new MemberAccount();
        await foreach (var @event in Events(memberId, after: 0, upTo: null, cancellationToken))
        {
            account.Apply(@event);
        }
        return account;
    }

    /// <summary>The member's events after version <paramref name="after"/> (and up to <paramref name="upTo"/>), in order, streamed.</summary>
    public async IAsyncEnumerable<MemberEvent> Events(string memberId, int after, int? upTo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, payload FROM member_events WHERE member_id = $1 AND version > $2 AND version <= $3 ORDER BY version");
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(upTo ?? int.MaxValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var expected = after + 1;
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.GetInt32(0);
            if (version != expected++)
            {
                throw new InvalidDataException($"Member {memberId} has a gap in its event stream before version {version}.");
            }
            yield return StoredEvent.Deserialize(reader.GetString(1));
        }
    }

    /// <summary>A page of the statement, folded from the stream in bounded memory (the grain keeps no statement).</summary>
    public async Task<(IReadOnlyList<LedgerEntry> Lines, bool More)> StatementPage(string memberId, int? before, int limit, CancellationToken cancellationToken = default)
    {
        var events = new List<MemberEvent>();
        await foreach (var @event in Events(memberId, after: 0, upTo: before - 1, cancellationToken)) events.Add(@event);
        return LedgerStatement.Page(events, before, limit);
    }

    /// <summary>
    /// The event that holds <paramref name="idempotencyKey"/> for the member, as a key use with its statement
    /// line: for keys older than the account remembers. Null when the store has no such key.
    /// </summary>
    public async Task<(KeyUse Use, LedgerEntry? Entry, DateTimeOffset RecordedAt)?> FindKey(string memberId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM member_events WHERE member_id = $1 AND idempotency_key = $2");
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(idempotencyKey);
        if (await command.ExecuteScalarAsync(cancellationToken) is not int version) return null;
        var events = new List<MemberEvent>();
        await foreach (var @event in Events(memberId, after: 0, upTo: version, cancellationToken)) events.Add(@event);
        var keyed = events[^1];
        return IdempotencyKeys.Of(keyed) is var (_, fingerprint)
            ? (new KeyUse(version, keyed.EventType, fingerprint), LedgerStatement.At(events, version), keyed.RecordedAt)
            : null;
    }

    /// <summary>The use of <paramref name="idempotencyKey"/> in the first of <paramref name="memberIds"/>' streams that holds it (members merged into another).</summary>
    public async Task<(KeyUse Use, LedgerEntry? Entry, DateTimeOffset RecordedAt)?> FindKeyAmong(IReadOnlyList<string> memberIds, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT member_id FROM member_events WHERE member_id = ANY($1) AND idempotency_key = $2 LIMIT 1");
        command.Parameters.AddWithValue(memberIds.ToArray());
        command.Parameters.AddWithValue(idempotencyKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string memberId
            ? await FindKey(memberId, idempotencyKey, cancellationToken)
            : null;
    }

    /// <summary>The member's purchase recorded with <paramref name="idempotencyKey"/> and its stream version (its lot's id), or null.</summary>
    public async Task<(int Version, PointsEarned Purchase)?> FindPurchase(string memberId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, payload FROM member_events WHERE member_id = $1 AND idempotency_key = $2 AND event_type = 'earned'");
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && StoredEvent.Deserialize(reader.GetString(1)) is PointsEarned purchase
            ? (reader.GetInt32(0), purchase)
            : null;
    }

    /// <summary>The purchase recorded with <paramref name="idempotencyKey"/> in the first of <paramref name="memberIds"/>' streams that holds it (members merged into another).</summary>
    public async Task<(int Version, PointsEarned Purchase)?> FindPurchaseAmong(IReadOnlyList<string> memberIds, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT member_id FROM member_events WHERE member_id = ANY($1) AND idempotency_key = $2 AND event_type = 'earned' LIMIT 1");
        command.Parameters.AddWithValue(memberIds.ToArray());
        command.Parameters.AddWithValue(idempotencyKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string memberId ? await FindPurchase(memberId, idempotencyKey, cancellationToken) : null;
    }

    /// <summary>Every purchase of the member, in the order recorded: what personalisation reads, loaded when first needed.</summary>
    public async Task<List<PointsEarned>> Purchases(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT payload FROM member_events WHERE member_id = $1 AND event_type = 'earned' ORDER BY version");
        command.Parameters.AddWithValue(memberId);
        var purchases = new List<PointsEarned>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (StoredEvent.Deserialize(reader.GetString(0)) is PointsEarned purchase) purchases.Add(purchase);
        }
        return purchases;
    }

    /// <summary>Stores a snapshot unless a newer one is there already.</summary>
    public async Task SaveSnapshot(string memberId, MemberAccountSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO member_snapshots (member_id, version, state) VALUES ($1, $2, $3)
            ON CONFLICT (member_id) DO UPDATE SET version = excluded.version, state = excluded.state, taken_at = now()
            WHERE member_snapshots.version < excluded.version
            """);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(snapshot.Version);
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(snapshot, LedgerJson.Options));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The latest snapshot, or null when there is none or it is of another schema or unreadable (then the stream is folded whole).</summary>
    private async Task<MemberAccountSnapshot?> Snapshot(string memberId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT state FROM member_snapshots WHERE member_id = $1");
        command.Parameters.AddWithValue(memberId);
        if (await command.ExecuteScalarAsync(cancellationToken) is not string state) return null;
        try
        {
            var snapshot = JsonSerializer.Deserialize<MemberAccountSnapshot>(state, LedgerJson.Options);
            return snapshot?.Schema == MemberAccountSnapshot.CurrentSchema ? snapshot : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Appends after <paramref name="expectedVersion"/>, all or nothing; false if the stream moved on.</summary>
    /// <remarks>
    /// A conflict on the version or on the idempotency key inserts nothing (ON CONFLICT DO NOTHING), so a
    /// stale writer learns it lost by the row count and re-reads. One event needs no explicit transaction:
    /// a single statement is atomic, and skipping BEGIN/COMMIT saves a round trip on every purchase.
    /// </remarks>
    /// <remarks>Every insert takes its transaction id before it draws a feed position: see FeedWatermark.</remarks>
    public async Task<bool> TryAppend(string memberId, int expectedVersion, IReadOnlyList<MemberEvent> events, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = events.Count > 1 ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var batch = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < events.Count; i++)
        {
            batch.BatchCommands.Add(InsertEventCommand(memberId, expectedVersion + i + 1, events[i]));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        var appended = Enumerable.All<NpgsqlBatchCommand>(batch.BatchCommands, command => command.RecordsAffected == 1);
        if (transaction is not null)
        {
            await (appended ? transaction.CommitAsync(cancellationToken) : transaction.RollbackAsync(cancellationToken));
        }
        return appended;
    }

    /// <summary>The insert of one event at a version: a conflict on version or key inserts nothing.</summary>
    internal static NpgsqlBatchCommand InsertEventCommand(string memberId, int version, MemberEvent @event)
    {
        var command = new NpgsqlBatchCommand(InsertEvent);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(version);
        command.Parameters.AddWithValue(@event.EventType);
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)IdempotencyKeys.KeyOf(@event) ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, StoredEvent.Serialize(@event));
        return command;
    }
}
