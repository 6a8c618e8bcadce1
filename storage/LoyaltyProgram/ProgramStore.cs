using Npgsql;
using NpgsqlTypes;

namespace OrleansLoyalty.Storage.LoyaltyProgram;

/// <summary>A stored program version: its number, the definition as it was stored (JSON), who stored it and when.</summary>
public sealed record StoredProgram(int Version, string Definition, string Author, DateTimeOffset CreatedAt);

/// <summary>The program_versions table: append-only, the newest row is the running program.</summary>
public sealed class ProgramStore(NpgsqlDataSource dataSource)
{
    public async Task<StoredProgram?> Latest(CancellationToken cancellationToken = default) =>
        (await Read("SELECT version, definition, author, created_at FROM program_versions ORDER BY version DESC LIMIT 1", cancellationToken)).FirstOrDefault();

    /// <summary>Every version, newest first.</summary>
    public Task<IReadOnlyList<StoredProgram>> All(CancellationToken cancellationToken = default) =>
        Read("SELECT version, definition, author, created_at FROM program_versions ORDER BY version DESC", cancellationToken);

    public async Task<StoredProgram> Add(string definition, string author, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO program_versions (definition, author) VALUES ($1, $2) RETURNING version, definition, author, created_at");
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, definition);
        command.Parameters.AddWithValue(author);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Row(reader);
    }

    private async Task<IReadOnlyList<StoredProgram>> Read(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<StoredProgram>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Row(reader));
        return rows;
    }

    private static StoredProgram Row(NpgsqlDataReader reader) =>
        new(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
}
