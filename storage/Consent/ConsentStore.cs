using Npgsql;
using OrleansLoyalty.Domain.Consent;

namespace OrleansLoyalty.Storage.Consent;

/// <summary>Consent histories in PostgreSQL (migration 0117): read whole, appended all or nothing after the last sequence the writer saw.</summary>
public sealed class ConsentStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ConsentChange>> Changes(string memberId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT sequence, channel, purpose, status, changed_at, source, policy_version FROM consent_changes WHERE member_id = $1 ORDER BY sequence
            """);
        command.Parameters.AddWithValue(memberId);
        var changes = new List<ConsentChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new ConsentChange(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return changes;
    }

    /// <summary>Appends the changes (numbered after the history the writer read); false when another writer got there first.</summary>
    public async Task<bool> TryAppend(string memberId, IReadOnlyList<ConsentChange> changes, CancellationToken cancellationToken = default)
    {
        if (changes.Count == 0) return true;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO consent_changes (member_id, sequence, channel, purpose, status, changed_at, source, policy_version)
            SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[])
            """);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(changes.Select(c => c.Sequence).ToArray());
        command.Parameters.AddWithValue(changes.Select(c => c.Channel).ToArray());
        command.Parameters.AddWithValue(changes.Select(c => c.Purpose).ToArray());
        command.Parameters.AddWithValue(changes.Select(c => c.Status).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = changes.Select(c => c.ChangedAt).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue(changes.Select(c => c.Source).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = changes.Select(c => (object?)c.PolicyVersion ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException taken) when (taken.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // One statement: nothing of it landed. Another writer took a sequence first; the caller re-reads and decides again.
            return false;
        }
    }
}
