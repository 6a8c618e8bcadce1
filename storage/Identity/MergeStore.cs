using Npgsql;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Storage.Identity;

/// <summary>A merge as the member_merges table keeps it: the step it reached tells what to run next.</summary>
public sealed record MergeRecord(string MergeId, string SurvivorId, string AbsorbedId, string Reason, string Actor, string Status, DateTimeOffset CreatedAt);

public static class MergeStatus
{
    public const string Closing = "closing";
    public const string Applied = "applied";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Undone = "undone";
}

public enum MergeStepOutcome
{
    Done,

    /// <summary>The merge row exists already (a retry, or the step ran before): read it and go on from its status.</summary>
    AlreadyThere,

    /// <summary>One of the members takes part in another unfinished merge (named by the holder).</summary>
    Locked,

    /// <summary>A member's stream moved past the version the step read: read again and retry.</summary>
    Lost,
}

/// <summary>
/// The steps of a merge and of its undo, each one PostgreSQL transaction that writes the members' events at the
/// versions the step read (compare-and-append) together with the identifier index and the merge's own row.
/// </summary>
public sealed class MergeStore(NpgsqlDataSource dataSource)
{
    /// <summary>The scheduler's work kind that resumes a merge whose owner died mid-way.</summary>
    public const string ResumeWorkKind = "merge";

    public async Task<MergeRecord?> Find(string mergeId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT merge_id, survivor_id, absorbed_id, reason, actor, status, created_at FROM member_merges WHERE merge_id = $1");
        command.Parameters.AddWithValue(mergeId);
        return (await Read(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The merges a member took part in, newest first.</summary>
    public async Task<IReadOnlyList<MergeRecord>> MergesOf(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT merge_id, survivor_id, absorbed_id, reason, actor, status, created_at FROM member_merges
            WHERE survivor_id = $1 OR absorbed_id = $1
            ORDER BY created_at DESC
            """);
        command.Parameters.AddWithValue(memberId);
        return await Read(command, cancellationToken);
    }

    /// <summary>
    /// Step 1: records the merge, locks both members, closes the absorbed member at the version the merge read, and
    /// schedules the merge's resumption (so a crash after this step finishes the merge), in one transaction.
    /// </summary>
    public async Task<(MergeStepOutcome Outcome, string? Holder)> Begin(
        MergeRecord merge, int absorbedVersion, MergeClosing closing, DateTimeOffset resumeAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO member_merges (merge_id, survivor_id, absorbed_id, reason, actor, status, created_at)
            VALUES ($1, $2, $3, $4, $5, 'closing', $6)
            ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(merge.MergeId);
            insert.Parameters.AddWithValue(merge.SurvivorId);
            insert.Parameters.AddWithValue(merge.AbsorbedId);
            insert.Parameters.AddWithValue(merge.Reason);
            insert.Parameters.AddWithValue(merge.Actor);
            insert.Parameters.AddWithValue(merge.CreatedAt);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return (MergeStepOutcome.AlreadyThere, null);
            }
        }
        if (await Lock(connection, transaction, merge, cancellationToken) is { } holder)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (MergeStepOutcome.Locked, holder);
        }
        if (!await StreamEnd.AppendAt(connection, transaction, merge.AbsorbedId, absorbedVersion + 1, closing, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return (MergeStepOutcome.Lost, null);
        }
        await using (var resume = new NpgsqlCommand("""
            INSERT INTO due_work (shard, kind, key, due_at) VALUES (due_work_shard($2), $1, $2, $3)
            ON CONFLICT (kind, key) DO NOTHING
            """, connection, transaction))
        {
            resume.Parameters.AddWithValue(ResumeWorkKind);
            resume.Parameters.AddWithValue(merge.MergeId);
            resume.Parameters.AddWithValue(resumeAt);
            await resume.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (MergeStepOutcome.Done, null);
    }

    /// <summary>
    /// Step 2: moves everything at once: the absorbed member becomes a tombstone (at the version after its closing,
    /// so nothing else can have slipped in), the survivor gets what it brought, and its identifiers point at the survivor.
    /// </summary>
    /// <param name="survivorWork">Timed work the survivor's new state needs (its tier announced and reviewed), scheduled with the merge.</param>
    public async Task<MergeStepOutcome> Apply(
        MergeRecord merge, int absorbedVersion, MergedAway away, MergeApplied applied, IReadOnlyList<Scheduling.ScheduledWork> survivorWork, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SetStatus(connection, transaction, merge.MergeId, MergeStatus.Closing, MergeStatus.Applied, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return MergeStepOutcome.AlreadyThere;
        }
        if (!await StreamEnd.AppendAt(connection, transaction, merge.AbsorbedId, absorbedVersion + 1, away, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return MergeStepOutcome.Lost;
        }
        await StreamEnd.AppendAlways(connection, transaction, merge.SurvivorId, applied, cancellationToken);
        foreach (var work in survivorWork)
        {
            await using var schedule = new NpgsqlCommand("""
                INSERT INTO due_work (shard, kind, key, due_at) VALUES (due_work_shard($2), $1, $2 || $4, $3)
                ON CONFLICT (kind, key) DO NOTHING
                """, connection, transaction);
            schedule.Parameters.AddWithValue(work.Kind);
            schedule.Parameters.AddWithValue(merge.SurvivorId);
            schedule.Parameters.AddWithValue(work.DueAt);
            schedule.Parameters.AddWithValue(work.KeySuffix);
            await schedule.ExecuteNonQueryAsync(cancellationToken);
        }
        // Identifiers, and the app and web behaviour recorded under them, go to the survivor.
        await MoveIdentifiers(connection, transaction, merge.AbsorbedId, merge.SurvivorId, only: null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return MergeStepOutcome.Done;
    }

    /// <summary>Step 3: records completion in both streams and frees both members for other merges.</summary>
    public Task<MergeStepOutcome> Complete(MergeRecord merge, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Finish(merge, MergeStatus.Applied, MergeStatus.Completed,
            [(merge.AbsorbedId, new MergeCompleted(at, merge.MergeId)), (merge.SurvivorId, new MergeCompleted(at, merge.MergeId))], cancellationToken);

    /// <summary>Rolls back a merge that closed the absorbed member but moved nothing: the member is open again.</summary>
    public Task<MergeStepOutcome> Cancel(MergeRecord merge, MergeCancelled cancelled, CancellationToken cancellationToken = default) =>
        Finish(merge, MergeStatus.Closing, MergeStatus.Cancelled, [(merge.AbsorbedId, cancelled)], cancellationToken);

    /// <summary>
    /// Undoes a completed merge in one transaction, at the versions of both members the undo read: the survivor gives
    /// back, the absorbed member is restored, and the identifiers it brought (those the survivor still has) go back.
    /// </summary>
    public async Task<(MergeStepOutcome Outcome, string? Holder)> Undo(
        MergeRecord merge, int survivorVersion, MergeUndone undone, int absorbedVersion, MemberRestored restored, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SetStatus(connection, transaction, merge.MergeId, MergeStatus.Completed, MergeStatus.Undone, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return (MergeStepOutcome.AlreadyThere, null);
        }
        // Taken and released in this transaction: a merge beginning meanwhile waits for it, then sees the new versions.
        if (await Lock(connection, transaction, merge, cancellationToken) is { } holder)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (MergeStepOutcome.Locked, holder);
        }
        if (!await StreamEnd.AppendAt(connection, transaction, merge.SurvivorId, survivorVersion + 1, undone, cancellationToken)
            || !await StreamEnd.AppendAt(connection, transaction, merge.AbsorbedId, absorbedVersion + 1, restored, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return (MergeStepOutcome.Lost, null);
        }
        // The identifiers given back take their app and web behaviour with them.
        await MoveIdentifiers(connection, transaction, merge.SurvivorId, merge.AbsorbedId, undone.Identifiers, cancellationToken);
        await Unlock(connection, transaction, merge.MergeId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (MergeStepOutcome.Done, null);
    }

    /// <summary>The identifiers the survivor owns now, of those listed: what an undo can give back.</summary>
    public async Task<IReadOnlyList<IdentifierLink>> StillOwned(string memberId, IReadOnlyList<IdentifierLink> links, CancellationToken cancellationToken = default)
    {
        var owned = (await new ProfileStore(dataSource).LinksOf(memberId, cancellationToken)).Select(l => l.Identifier).ToHashSet();
        return [.. links.Where(l => owned.Contains(l.Identifier))];
    }

    private async Task<MergeStepOutcome> Finish(
        MergeRecord merge, string from, string to, IReadOnlyList<(string MemberId, Domain.Ledger.MemberEvent Event)> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SetStatus(connection, transaction, merge.MergeId, from, to, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return MergeStepOutcome.AlreadyThere;
        }
        foreach (var (memberId, @event) in events) await StreamEnd.AppendAlways(connection, transaction, memberId, @event, cancellationToken);
        await Unlock(connection, transaction, merge.MergeId, cancellationToken);
        await using (var settled = new NpgsqlCommand("DELETE FROM due_work WHERE kind = $1 AND key = $2", connection, transaction))
        {
            settled.Parameters.AddWithValue(ResumeWorkKind);
            settled.Parameters.AddWithValue(merge.MergeId);
            await settled.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return MergeStepOutcome.Done;
    }

    /// <summary>
    /// Moves identifiers (all of a member's, or <paramref name="only"/> those) to another member, with the app and web
    /// behaviour recorded under them and the anonymous profiles they absorbed.
    /// </summary>
    private static async Task MoveIdentifiers(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string from, string to, IReadOnlyList<Identifier>? only, CancellationToken cancellationToken)
    {
        const string Listed = "(identifier_type, identifier_value) IN (SELECT * FROM unnest($3::text[], $4::text[]))";
        var which = only is null ? "" : " AND " + Listed;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in new[]
        {
            $"UPDATE member_identifiers SET member_id = $2 WHERE member_id = $1{which}",
            $"UPDATE behaviour_events SET member_id = $2 WHERE member_id = $1{which}",
            $"UPDATE anonymous_profiles SET absorbed_by = $2 WHERE absorbed_by = $1{which}",
        })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue(from);
            command.Parameters.AddWithValue(to);
            if (only is not null)
            {
                command.Parameters.AddWithValue(only.Select(i => i.Type).ToArray());
                command.Parameters.AddWithValue(only.Select(i => i.Value).ToArray());
            }
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Locks both members in id order (two opposite merges then queue on the same row first); the holder's merge id if either is taken.</summary>
    private static async Task<string?> Lock(NpgsqlConnection connection, NpgsqlTransaction transaction, MergeRecord merge, CancellationToken cancellationToken)
    {
        foreach (var memberId in new[] { merge.SurvivorId, merge.AbsorbedId }.Order(StringComparer.Ordinal))
        {
            await using var command = new NpgsqlCommand("""
                WITH taken AS (INSERT INTO merge_locks (member_id, merge_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING merge_id)
                SELECT coalesce((SELECT merge_id FROM taken), (SELECT merge_id FROM merge_locks WHERE member_id = $1))
                """, connection, transaction);
            command.Parameters.AddWithValue(memberId);
            command.Parameters.AddWithValue(merge.MergeId);
            if (await command.ExecuteScalarAsync(cancellationToken) is string holder && holder != merge.MergeId) return holder;
        }
        return null;
    }

    private static async Task Unlock(NpgsqlConnection connection, NpgsqlTransaction transaction, string mergeId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM merge_locks WHERE merge_id = $1", connection, transaction);
        command.Parameters.AddWithValue(mergeId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> SetStatus(NpgsqlConnection connection, NpgsqlTransaction transaction, string mergeId, string from, string to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE member_merges SET status = $3, updated_at = now() WHERE merge_id = $1 AND status = $2", connection, transaction);
        command.Parameters.AddWithValue(mergeId);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<IReadOnlyList<MergeRecord>> Read(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var merges = new List<MergeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            merges.Add(new MergeRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return merges;
    }
}
