using Npgsql;

namespace OrleansLoyalty.Storage.Identity;

/// <summary>The single use of app QR tokens, recorded by token id in <c>qr_token_uses</c>.</summary>
public sealed class QrTokenUseStore(NpgsqlDataSource dataSource)
{
    /// <summary>Records the use of a token; true only for the first use, whichever gateway or silo asks.</summary>
    public async Task<bool> TryUse(string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO qr_token_uses (token_id, expires_at, used_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(tokenId);
        command.Parameters.AddWithValue(expiresAt);
        command.Parameters.AddWithValue(now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Forgets the uses of tokens that expired before <paramref name="expiredBefore"/>; returns how many.</summary>
    public async Task<int> Forget(DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM qr_token_uses WHERE expires_at < $1");
        command.Parameters.AddWithValue(expiredBefore);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
