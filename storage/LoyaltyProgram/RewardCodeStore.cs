using System.Security.Cryptography;
using Npgsql;

namespace OrleansLoyalty.Storage.LoyaltyProgram;

/// <summary>A reward code as stored: whose, which reward, whether its redemption committed, until when, and whether it was used.</summary>
public sealed record StoredRewardCode(string Code, string RewardId, string MemberId, string IdempotencyKey, bool Issued, DateTimeOffset ExpiresAt, DateTimeOffset? ConsumedAt, string? ConsumedBy);

/// <summary>Reward stock and single-use codes in PostgreSQL (migration 0115).</summary>
public sealed class RewardCodeStore(NpgsqlDataSource dataSource)
{
    // Crockford's base32 without the look-alikes I, L, O, U: read out at a till without confusion.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A fresh code: 12 random symbols (60 bits), unguessable and short enough to type.</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, 12);

    /// <summary>Reserves a code for (member, key), the same one on a retry; null when the reward's stock is gone.</summary>
    public async Task<string?> Reserve(string rewardId, long? stock, string memberId, string idempotencyKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT reserve_reward_code($1, $2, $3, $4, $5, $6)");
        command.Parameters.AddWithValue(rewardId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)stock ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(idempotencyKey);
        command.Parameters.AddWithValue(NewCode());
        command.Parameters.AddWithValue(expiresAt);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Marks a code consumable: its redemption event is committed.</summary>
    public async Task MarkIssued(string code, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE reward_codes SET issued = true WHERE code = $1 AND NOT issued");
        command.Parameters.AddWithValue(code);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Uses an issued, unexpired, unused code; null when it is not one (read it to say why).</summary>
    public async Task<StoredRewardCode?> TryConsume(string code, string consumedBy, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE reward_codes SET consumed_at = now(), consumed_by = $2
            WHERE code = $1 AND issued AND consumed_at IS NULL AND expires_at > now()
            RETURNING code, reward_id, member_id, idempotency_key, issued, expires_at, consumed_at, consumed_by
            """);
        command.Parameters.AddWithValue(code);
        command.Parameters.AddWithValue(consumedBy);
        return await ReadOne(command, cancellationToken);
    }

    public async Task<StoredRewardCode?> Find(string code, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT code, reward_id, member_id, idempotency_key, issued, expires_at, consumed_at, consumed_by FROM reward_codes WHERE code = $1");
        command.Parameters.AddWithValue(code);
        return await ReadOne(command, cancellationToken);
    }

    private static async Task<StoredRewardCode?> ReadOne(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredRewardCode(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetString(7));
    }
}
