using Npgsql;

namespace OrleansLoyalty.Storage.Identity;

/// <summary>Reads the identity index: which member, if any, owns a normalized identifier.</summary>
public sealed class IdentifierDirectory(NpgsqlDataSource dataSource)
{
    public async Task<string?> FindMemberId(string type, string value, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT member_id FROM member_identifiers WHERE identifier_type = $1 AND identifier_value = $2");
        command.Parameters.AddWithValue(type);
        command.Parameters.AddWithValue(value);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
