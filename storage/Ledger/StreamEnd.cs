using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Storage.Ledger;

/// <summary>The outcome of appending at the end of a member's stream: the version taken, or why none was.</summary>
public sealed record StreamAppend(int? Version, bool IsClosed = false)
{
    /// <summary>Another writer took the next version first: nothing was written, try again.</summary>
    public static readonly StreamAppend Lost = new((int?)null);

    /// <summary>A merge is closing the member or merged it away (or there is no stream): nothing was written.</summary>
    public static readonly StreamAppend Closed = new((int?)null, IsClosed: true);
}

/// <summary>
/// Appends that depend on no ledger state (profile changes, identifier links, merge bookkeeping) go at the end of a
/// stream, whatever its version, inside the caller's transaction; a ledger writer that meets the taken version
/// re-reads and decides again.
/// </summary>
public static class StreamEnd
{
    /// <summary>The events after which a member takes no writes but a merge's own: its merge is closing, or it is a tombstone.</summary>
    public static readonly string[] ClosedBy = [MergeClosing.Kind, MergedAway.Kind];

    // The transaction id is taken before the feed position is drawn (see FeedWatermark); a member without a stream
    // gets no row (no latest row, nothing inserted).
    private const string AppendAtEnd = """
        INSERT INTO member_events (member_id, version, event_type, idempotency_key, payload)
        SELECT $1, latest.version + 1, $2, NULL, $3
        FROM (SELECT version, event_type FROM member_events WHERE member_id = $1 ORDER BY version DESC LIMIT 1) latest
        WHERE pg_current_xact_id() IS NOT NULL AND ($4 OR latest.event_type <> ALL($5))
        ON CONFLICT DO NOTHING
        RETURNING version
        """;

    /// <summary>Appends unless the member is closed by a merge; <see cref="StreamAppend.Lost"/> when another writer got there first.</summary>
    public static async Task<StreamAppend> AppendIfOpen(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberId, MemberEvent @event, CancellationToken cancellationToken)
    {
        if (await Append(connection, transaction, memberId, @event, evenIfClosed: false, cancellationToken) is { } version) return new StreamAppend(version);
        return await IsClosed(connection, transaction, memberId, cancellationToken) ? StreamAppend.Closed : StreamAppend.Lost;
    }

    /// <summary>
    /// Appends a merge's own bookkeeping, closed or not, trying again when another writer takes the version first
    /// (inside one transaction: ON CONFLICT DO NOTHING does not abort it). Null when the member has no stream.
    /// </summary>
    public static async Task<int?> AppendAlways(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberId, MemberEvent @event, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await Append(connection, transaction, memberId, @event, evenIfClosed: true, cancellationToken) is { } version) return version;
            if (!await HasStream(connection, transaction, memberId, cancellationToken)) return null;
        }
        throw new TimeoutException($"Member {memberId}: writers kept taking the end of the stream.");
    }

    /// <summary>Appends at exactly <paramref name="version"/> (compare-and-append); false when that version is taken.</summary>
    public static async Task<bool> AppendAt(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberId, int version, MemberEvent @event, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(MemberEventStore.InsertEventCommand(memberId, version, @event));
        return await batch.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<int?> Append(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberId, MemberEvent @event, bool evenIfClosed, CancellationToken cancellationToken)
    {
        var payload = StoredEvent.Serialize(@event);
        if (!StoredEvent.IsStorable(payload)) throw new ArgumentException("The event holds text that cannot be stored.", nameof(@event));
        await using var command = new NpgsqlCommand(AppendAtEnd, connection, transaction);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(@event.EventType);
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, payload);
        command.Parameters.AddWithValue(evenIfClosed);
        command.Parameters.AddWithValue(ClosedBy);
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    private static async Task<bool> IsClosed(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT event_type FROM member_events WHERE member_id = $1 ORDER BY version DESC LIMIT 1", connection, transaction);
        command.Parameters.AddWithValue(memberId);
        return await command.ExecuteScalarAsync(cancellationToken) is not string type || ClosedBy.Contains(type);
    }

    private static async Task<bool> HasStream(NpgsqlConnection connection, NpgsqlTransaction transaction, string memberId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM member_events WHERE member_id = $1)", connection, transaction);
        command.Parameters.AddWithValue(memberId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
