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
    /// <summary>The events the profile grain folds: exactly those the partial index member_events_profile covers (0107-identity-links.sql).</summary>
    public static readonly string[] ProfileEventTypes =
    [
        MemberEnrolled.Kind, ProfileChanged.Kind, IdentifierLinked.Kind, IdentifierUnlinked.Kind,
        MergedAway.Kind, MergeApplied.Kind, MergeUndone.Kind, MemberRestored.Kind,
    ];

    // The types are written out (they are constants) so the planner can prove the partial index applies; a parameter would hide them.
    private static readonly string ProfileEventsQuery = $"""
        SELECT version, payload FROM member_events
        WHERE member_id = $1 AND version > $2 AND event_type IN ({string.Join(", ", ProfileEventTypes.Select(t => $"'{t}'"))})
        ORDER BY version
        """;

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
            // The loyalty number is the program's own, so it is verified; what the member gave is a claim until verified.
            var issued = identifier.Type == IdentifierType.Loyalty;
            var claim = new NpgsqlBatchCommand("""
                INSERT INTO member_identifiers (identifier_type, identifier_value, member_id, verified, source)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT DO NOTHING
                """);
            claim.Parameters.AddWithValue(identifier.Type);
            claim.Parameters.AddWithValue(identifier.Value);
            claim.Parameters.AddWithValue(memberId);
            claim.Parameters.AddWithValue(issued);
            claim.Parameters.AddWithValue(issued ? IdentifierSources.Program : IdentifierSources.Enrolment);
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
        await using var command = dataSource.CreateCommand(ProfileEventsQuery);
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
    /// depends on no ledger state, so it need not compare against one. Returns the version it took, or
    /// <see cref="StreamAppend.Lost"/> when another writer took that version first (then the caller tries again), or
    /// <see cref="StreamAppend.Closed"/> when a merge is closing the member or merged it away. The ledger grain, whose
    /// next append then meets a taken version, re-reads and decides again.
    /// </summary>
    /// <exception cref="ArgumentException">The event cannot be stored (it holds text PostgreSQL refuses).</exception>
    public async Task<StreamAppend> TryAppendAtEnd(string memberId, MemberEvent @event, CancellationToken cancellationToken = default)
    {
        if (!StoredEvent.IsStorable(StoredEvent.Serialize(@event))) throw new ArgumentException("The event holds text that cannot be stored.", nameof(@event));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var appended = await StreamEnd.AppendIfOpen(connection, transaction, memberId, @event, cancellationToken);
        await (appended.Version is not null ? transaction.CommitAsync(cancellationToken) : transaction.RollbackAsync(cancellationToken));
        return appended;
    }

    /// <summary>
    /// Links an identifier to the member and records <paramref name="linked"/> in its stream, in one transaction. An
    /// identifier already the member's is only re-recorded when the link becomes verified.
    /// </summary>
    public async Task<LinkOutcome> TryLink(string memberId, IdentifierLinked linked, CancellationToken cancellationToken = default)
    {
        if (!StoredEvent.IsStorable(StoredEvent.Serialize(linked))) return new LinkOutcome(LinkOutcomeKind.Refused, null);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand("""
            INSERT INTO member_identifiers (identifier_type, identifier_value, member_id, verified, source, claimed_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (identifier_type, identifier_value) DO UPDATE SET verified = true, source = excluded.source
                WHERE member_identifiers.member_id = excluded.member_id AND excluded.verified AND NOT member_identifiers.verified
            RETURNING member_id
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue(linked.Identifier.Type);
            claim.Parameters.AddWithValue(linked.Identifier.Value);
            claim.Parameters.AddWithValue(memberId);
            claim.Parameters.AddWithValue(linked.Verified);
            claim.Parameters.AddWithValue(linked.Source);
            claim.Parameters.AddWithValue(linked.RecordedAt);
            if (await claim.ExecuteScalarAsync(cancellationToken) is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                var owner = await new IdentifierDirectory(dataSource).FindMemberId(linked.Identifier.Type, linked.Identifier.Value, cancellationToken);
                return new LinkOutcome(owner == memberId ? LinkOutcomeKind.AlreadyLinked : LinkOutcomeKind.Taken, null);
            }
        }
        return await CommitWithEvent(connection, transaction, memberId, linked, LinkOutcomeKind.Linked, cancellationToken);
    }

    /// <summary>Unlinks an identifier the member owns and records <paramref name="unlinked"/> in its stream, in one transaction.</summary>
    public async Task<LinkOutcome> TryUnlink(string memberId, IdentifierUnlinked unlinked, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand(
            "DELETE FROM member_identifiers WHERE identifier_type = $1 AND identifier_value = $2 AND member_id = $3", connection, transaction))
        {
            delete.Parameters.AddWithValue(unlinked.Identifier.Type);
            delete.Parameters.AddWithValue(unlinked.Identifier.Value);
            delete.Parameters.AddWithValue(memberId);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new LinkOutcome(LinkOutcomeKind.NotLinked, null);
            }
        }
        return await CommitWithEvent(connection, transaction, memberId, unlinked, LinkOutcomeKind.Unlinked, cancellationToken);
    }

    /// <summary>Appends the event that records an index change and commits both, or rolls both back when the stream is closed or moved.</summary>
    private static async Task<LinkOutcome> CommitWithEvent(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string memberId, MemberEvent @event, LinkOutcomeKind done, CancellationToken cancellationToken)
    {
        var appended = await StreamEnd.AppendIfOpen(connection, transaction, memberId, @event, cancellationToken);
        if (appended.Version is not { } version)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new LinkOutcome(appended.IsClosed ? LinkOutcomeKind.Closed : LinkOutcomeKind.Lost, null);
        }
        await transaction.CommitAsync(cancellationToken);
        return new LinkOutcome(done, version);
    }

    /// <summary>The identifiers the member owns now, with how each was linked: what a merge moves.</summary>
    public async Task<IReadOnlyList<IdentifierLink>> LinksOf(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT identifier_type, identifier_value, verified, source, claimed_at FROM member_identifiers WHERE member_id = $1 ORDER BY claimed_at, identifier_type, identifier_value");
        command.Parameters.AddWithValue(memberId);
        var links = new List<IdentifierLink>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new IdentifierLink(new Identifier(reader.GetString(0), reader.GetString(1)), reader.GetBoolean(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return links;
    }
}

public enum LinkOutcomeKind
{
    Linked,
    Unlinked,

    /// <summary>The identifier was the member's already (and the link did not become verified): nothing was written.</summary>
    AlreadyLinked,

    /// <summary>Another member owns the identifier.</summary>
    Taken,
    NotLinked,

    /// <summary>A merge is closing the member or merged it away: nothing was written.</summary>
    Closed,

    /// <summary>Another writer took the stream's next version first: try again.</summary>
    Lost,
    Refused,
}

public sealed record LinkOutcome(LinkOutcomeKind Kind, int? Version);

/// <summary>Who linked an identifier, when it was not a caller of the API.</summary>
public static class IdentifierSources
{
    public const string Enrolment = "enrolment";
    public const string Program = "program";
}

/// <summary>The outcome of claiming a new member's stream and identifiers.</summary>
/// <param name="StoreRefused">PostgreSQL refused the data itself; nothing was written.</param>
public sealed record EnrolmentClaim(bool StreamExists, Identifier? TakenIdentifier, bool StoreRefused = false)
{
    public static readonly EnrolmentClaim Claimed = new(false, null);

    public static readonly EnrolmentClaim Refused = new(false, null, StoreRefused: true);

    public bool Succeeded => !StreamExists && TakenIdentifier is null && !StoreRefused;
}
