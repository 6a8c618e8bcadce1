using Npgsql;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Personalization;

namespace OrleansLoyalty.Storage.Personalization;

/// <summary>A behavioural event as stored; <see cref="Fingerprint"/> tells a retry of it from another event under its key.</summary>
public sealed record BehaviourEventRow(
    Identifier Identifier, string Type, DateTimeOffset OccurredAt, string? Sku, string? Category, string? Query, string? IdempotencyKey, string Fingerprint);

/// <summary>What recording an event did: whether it was new, the member it went to (null: an anonymous profile), and the stored fingerprint of a key met again.</summary>
public sealed record BehaviourEventWrite(bool Inserted, string? MemberId, string? FingerprintOfKey);

/// <summary>
/// Behavioural events and anonymous profiles in PostgreSQL (<c>behaviour_events</c>, <c>anonymous_profiles</c>). Writers of
/// an anonymous identifier's events and its absorption into a member meet on the profile row: each takes its lock
/// (an upsert), so an event is either absorbed with the others or written after the absorption, to the member.
/// </summary>
public sealed class BehaviourStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records an event, in one statement: to the identifier's member when <c>member_identifiers</c> has it (or its
    /// anonymous profile was absorbed, should the index be a moment behind); else to its anonymous profile, created or
    /// marked seen at <paramref name="now"/>, with its retention check scheduled at <paramref name="checkAt"/> unless one is pending.
    /// </summary>
    /// <param name="memberWork">Timed work for the member the event goes to (a challenge check after an app session), in the same statement; null: none.</param>
    public async Task<BehaviourEventWrite> Record(
        BehaviourEventRow row, DateTimeOffset now, string expiryKind, DateTimeOffset checkAt, Scheduling.ScheduledWork? memberWork = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            WITH owner AS (
                SELECT member_id FROM member_identifiers WHERE identifier_type = $1 AND identifier_value = $2),
            profile AS (
                INSERT INTO anonymous_profiles AS p (identifier_type, identifier_value, first_seen_at, last_seen_at)
                SELECT $1, $2, $3, $3 WHERE NOT EXISTS (SELECT FROM owner)
                ON CONFLICT (identifier_type, identifier_value) DO UPDATE SET last_seen_at = greatest(p.last_seen_at, excluded.last_seen_at)
                RETURNING p.id, p.absorbed_by),
            scheduled AS (
                INSERT INTO due_work (shard, kind, key, due_at)
                SELECT due_work_shard(id::text), $11, id::text, $12 FROM profile WHERE absorbed_by IS NULL
                ON CONFLICT (kind, key) DO NOTHING),
            recorded AS (
                INSERT INTO behaviour_events
                    (identifier_type, identifier_value, member_id, event_type, occurred_at, recorded_at, sku, category, query, idempotency_key, fingerprint)
                SELECT $1, $2, coalesce((SELECT member_id FROM owner), (SELECT absorbed_by FROM profile)), $4, $5, $3, $6, $7, $8, $9, $10
                ON CONFLICT DO NOTHING
                RETURNING member_id),
            member_work AS (
                INSERT INTO due_work (shard, kind, key, due_at)
                SELECT due_work_shard(member_id), $13, member_id || $14, $15 FROM recorded WHERE member_id IS NOT NULL AND $13::text IS NOT NULL
                ON CONFLICT (kind, key) DO NOTHING)
            SELECT EXISTS (SELECT FROM recorded), (SELECT member_id FROM recorded)
            """, connection))
        {
            insert.Parameters.AddWithValue(row.Identifier.Type);
            insert.Parameters.AddWithValue(row.Identifier.Value);
            insert.Parameters.AddWithValue(now);
            insert.Parameters.AddWithValue(row.Type);
            insert.Parameters.AddWithValue(row.OccurredAt);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)row.Sku ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)row.Category ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)row.Query ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)row.IdempotencyKey ?? DBNull.Value);
            insert.Parameters.AddWithValue(row.Fingerprint);
            insert.Parameters.AddWithValue(expiryKind);
            insert.Parameters.AddWithValue(checkAt);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)memberWork?.Kind ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, memberWork?.KeySuffix ?? "");
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, memberWork?.DueAt ?? now);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetBoolean(0)) return new BehaviourEventWrite(true, reader.IsDBNull(1) ? null : reader.GetString(1), null);
        }
        // Only a key met again stops an insert: a statement of its own sees the row of the earlier event, committed by now.
        await using var earlier = new NpgsqlCommand("""
            SELECT fingerprint FROM behaviour_events WHERE identifier_type = $1 AND identifier_value = $2 AND idempotency_key = $3
            """, connection);
        earlier.Parameters.AddWithValue(row.Identifier.Type);
        earlier.Parameters.AddWithValue(row.Identifier.Value);
        earlier.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)row.IdempotencyKey ?? DBNull.Value);
        return new BehaviourEventWrite(false, null, await earlier.ExecuteScalarAsync(cancellationToken) as string);
    }

    /// <summary>
    /// Absorbs the identifier's anonymous profile into <paramref name="memberId"/>: its events become the member's, in one
    /// transaction that first takes the profile's row (creating it as absorbed when there is none, so a writer still
    /// in flight finds it). Idempotent: once absorbed, nothing is left to move. Returns how many events moved.
    /// </summary>
    public async Task<int> Absorb(Identifier identifier, string memberId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand("""
            INSERT INTO anonymous_profiles AS p (identifier_type, identifier_value, first_seen_at, last_seen_at, absorbed_by, absorbed_at)
            VALUES ($1, $2, $4, $4, $3, $4)
            ON CONFLICT (identifier_type, identifier_value) DO UPDATE SET absorbed_by = excluded.absorbed_by, absorbed_at = excluded.absorbed_at
            WHERE p.absorbed_by IS NULL
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue(identifier.Type);
            claim.Parameters.AddWithValue(identifier.Value);
            claim.Parameters.AddWithValue(memberId);
            claim.Parameters.AddWithValue(now);
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }
        // A statement of its own, so its snapshot comes after the lock: it sees every event of writers that held the row before.
        await using var move = new NpgsqlCommand("""
            UPDATE behaviour_events e SET member_id = p.absorbed_by
            FROM anonymous_profiles p
            WHERE p.identifier_type = $1 AND p.identifier_value = $2 AND p.absorbed_by = $3
              AND e.identifier_type = $1 AND e.identifier_value = $2 AND e.member_id IS NULL
            """, connection, transaction);
        move.Parameters.AddWithValue(identifier.Type);
        move.Parameters.AddWithValue(identifier.Value);
        move.Parameters.AddWithValue(memberId);
        var moved = await move.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    /// <summary>
    /// The identifier no longer belongs to <paramref name="memberId"/>: its absorbed profile is let go, so what the device
    /// does next builds a new anonymous profile. What it did while it was the member's stays the member's.
    /// </summary>
    public async Task Release(Identifier identifier, string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM anonymous_profiles WHERE identifier_type = $1 AND identifier_value = $2 AND absorbed_by = $3");
        command.Parameters.AddWithValue(identifier.Type);
        command.Parameters.AddWithValue(identifier.Value);
        command.Parameters.AddWithValue(memberId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes anonymous profile <paramref name="profileId"/> with its events when it was last seen at or before
    /// <paramref name="seenBefore"/> and never absorbed. Returns when it was last seen if it lives on unabsorbed (so the
    /// check comes back then), null when it was deleted, absorbed or is gone.
    /// </summary>
    public async Task<DateTimeOffset?> DeleteIfUnseenSince(long profileId, DateTimeOffset seenBefore, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH expired AS (
                DELETE FROM anonymous_profiles WHERE id = $1 AND absorbed_by IS NULL AND last_seen_at <= $2
                RETURNING identifier_type, identifier_value),
            forgotten AS (
                DELETE FROM behaviour_events e USING expired x
                WHERE e.identifier_type = x.identifier_type AND e.identifier_value = x.identifier_value AND e.member_id IS NULL)
            SELECT last_seen_at FROM anonymous_profiles WHERE id = $1 AND absorbed_by IS NULL AND NOT EXISTS (SELECT FROM expired)
            """);
        command.Parameters.AddWithValue(profileId);
        command.Parameters.AddWithValue(seenBefore);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime lastSeen ? new DateTimeOffset(lastSeen, TimeSpan.Zero) : null;
    }

    /// <summary>When the member opened the app since <paramref name="since"/>: what app-session challenges count.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> AppOpens(string memberId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT occurred_at FROM behaviour_events WHERE member_id = $1 AND event_type = $2 AND occurred_at >= $3 ORDER BY occurred_at");
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(BehaviourEventType.AppOpen);
        command.Parameters.AddWithValue(since);
        var opens = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) opens.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return opens;
    }

    /// <summary>The member's product views and adds to cart per category as spelled, first seen first: what favourite categories read.</summary>
    public async Task<IReadOnlyList<CategoryBrowsing>> CategoryBrowsing(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT category, (count(*) FILTER (WHERE event_type = $2))::int, (count(*) FILTER (WHERE event_type = $3))::int
            FROM behaviour_events
            WHERE member_id = $1 AND category IS NOT NULL AND event_type IN ($2, $3)
            GROUP BY category
            ORDER BY min(id)
            """);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(BehaviourEventType.ProductView);
        command.Parameters.AddWithValue(BehaviourEventType.AddToCart);
        var browsing = new List<CategoryBrowsing>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            browsing.Add(new CategoryBrowsing(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        }
        return browsing;
    }
}
