using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Storage.Identity;

/// <summary>
/// What the profile grain writes and reads in PostgreSQL: the identifier index (it is its only writer), the
/// first event of a member's stream, and its profile events in that stream.
/// </summary>
public sealed class ProfileStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Starts a member's stream and claims its identifiers in one transaction, so an identifier can
    /// never point at a member that was not created, nor two members share one identifier.
    /// </summary>
    public async Task<EnrolmentClaim> TryEnrol(string memberId, MemberEnrolled enrolled, CancellationToken cancellationToken = default)
    {
        if (!StoredEvent.IsStorable(StoredEvent.Serialize(enrolled))) return EnrolmentClaim.Refused;
        try
        {
            return await Claim(memberId, enrolled, cancellationToken);
        }
        catch (PostgresException refused) when (!refused.IsTransient)
        {
            // The data itself was refused (the transaction rolled back): trying again cannot help.
            return EnrolmentClaim.Refused;
        }
    }

    private async Task<EnrolmentClaim> Claim(string memberId, MemberEnrolled enrolled, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        IReadOnlyList<Identifier> identifiers = [.. enrolled.Identifiers, new Identifier(IdentifierType.Loyalty, enrolled.LoyaltyNumber)];
        foreach (var identifier in identifiers)
        {
            var claim = new NpgsqlBatchCommand("""
                INSERT INTO member_identifiers (identifier_type, identifier_value, member_id)
                VALUES ($1, $2, $3)
                ON CONFLICT DO NOTHING
                """);
            claim.Parameters.AddWithValue(identifier.Type);
            claim.Parameters.AddWithValue(identifier.Value);
            claim.Parameters.AddWithValue(memberId);
            batch.BatchCommands.Add(claim);
        }
        batch.BatchCommands.Add(MemberEventStore.InsertEventCommand(memberId, 1, enrolled));
        await batch.ExecuteNonQueryAsync(cancellationToken);

        var taken = identifiers.Where((_, i) => batch.BatchCommands[i].RecordsAffected == 0).FirstOrDefault();
        var streamExists = batch.BatchCommands[^1].RecordsAffected == 0;
        if (taken is not null || streamExists)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new EnrolmentClaim(streamExists, taken);
        }
        await transaction.CommitAsync(cancellationToken);
        return EnrolmentClaim.Claimed;
    }

    /// <summary>
    /// The member's profile events after stream version <paramref name="after"/>, in order: what a profile state
    /// that lags the stream (a write of state that failed after its event committed) has to catch up on.
    /// </summary>
    public async Task<IReadOnlyList<(int Version, MemberEvent Event)>> ProfileEventsAfter(string memberId, int after, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT version, payload FROM member_events
            WHERE member_id = $1 AND version > $2 AND event_type IN ('enrolled', 'profile-changed') -- as member_events_profile
            ORDER BY version
            """);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(after);
        var events = new List<(int, MemberEvent)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add((reader.GetInt32(0), StoredEvent.Deserialize(reader.GetString(1))));
        }
        return events;
    }

    /// <summary>
    /// Appends a profile event at the end of the member's stream, whatever its version: a profile change
    /// depends on no ledger state, so it need not compare against one. Returns the version it took, or null
    /// when another writer took that version first (then the caller tries again). The ledger grain, whose
    /// next append then meets a taken version, re-reads and decides again.
    /// </summary>
    /// <exception cref="ArgumentException">The event cannot be stored (it holds text PostgreSQL refuses).</exception>
    public async Task<int?> TryAppendAtEnd(string memberId, MemberEvent @event, CancellationToken cancellationToken = default)
    {
        var payload = StoredEvent.Serialize(@event);
        if (!StoredEvent.IsStorable(payload)) throw new ArgumentException("The event holds text that cannot be stored.", nameof(@event));
        // The transaction id is taken before the feed position is drawn (see FeedWatermark); a member without
        // a stream gets none here (no latest row, nothing inserted).
        await using var command = dataSource.CreateCommand("""
            INSERT INTO member_events (member_id, version, event_type, idempotency_key, payload)
            SELECT $1, latest.version + 1, $2, NULL, $3
            FROM (SELECT version FROM member_events WHERE member_id = $1 ORDER BY version DESC LIMIT 1) latest
            WHERE pg_current_xact_id() IS NOT NULL
            ON CONFLICT DO NOTHING
            RETURNING version
            """);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(@event.EventType);
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, payload);
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }
}

/// <summary>The outcome of claiming a new member's stream and identifiers.</summary>
/// <param name="StoreRefused">PostgreSQL refused the data itself; nothing was written.</param>
public sealed record EnrolmentClaim(bool StreamExists, Identifier? TakenIdentifier, bool StoreRefused = false)
{
    public static readonly EnrolmentClaim Claimed = new(false, null);

    public static readonly EnrolmentClaim Refused = new(false, null, StoreRefused: true);

    public bool Succeeded => !StreamExists && TakenIdentifier is null && !StoreRefused;
}
