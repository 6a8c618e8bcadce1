using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Grains.Ledger;

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

    public async Task<MemberAccount> Load(string memberId, CancellationToken cancellationToken = default)
    {
        var account = new MemberAccount();
        await using var command = dataSource.CreateCommand("SELECT version, payload FROM member_events WHERE member_id = $1 ORDER BY version");
        command.Parameters.AddWithValue(memberId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = reader.GetInt32(0);
            if (version != account.Version + 1)
            {
                throw new InvalidDataException($"Member {memberId} has a gap in its event stream before version {version}.");
            }
            account.Apply(StoredEvent.Deserialize(reader.GetString(1)));
        }
        return account;
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
        batch.BatchCommands.Add(InsertEventCommand(memberId, 1, enrolled));
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

    private static NpgsqlBatchCommand InsertEventCommand(string memberId, int version, MemberEvent @event)
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

/// <summary>The outcome of claiming a new member's stream and identifiers.</summary>
/// <param name="StoreRefused">PostgreSQL refused the data itself; nothing was written.</param>
public sealed record EnrolmentClaim(bool StreamExists, Identifier? TakenIdentifier, bool StoreRefused = false)
{
    public static readonly EnrolmentClaim Claimed = new(false, null);

    public static readonly EnrolmentClaim Refused = new(false, null, StoreRefused: true);

    public bool Succeeded => !StreamExists && TakenIdentifier is null && !StoreRefused;
}
