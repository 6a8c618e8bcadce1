using Npgsql;

namespace OrleansLoyalty.Storage.LoyaltyProgram;

/// <summary>Campaign budgets in PostgreSQL (migration 0113): grants that concurrent purchases on any silo cannot overspend.</summary>
public sealed class CampaignBudgetStore(NpgsqlDataSource dataSource)
{
    /// <summary>Up to <paramref name="wanted"/> points of the campaign's <paramref name="budget"/>; the same answer for the same (member, key).</summary>
    public async Task<long> Grant(string campaignId, long budget, string memberId, string idempotencyKey, long wanted, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT grant_campaign_points($1, $2, $3, $4, $5)");
        command.Parameters.AddWithValue(campaignId);
        command.Parameters.AddWithValue(budget);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(idempotencyKey);
        command.Parameters.AddWithValue(wanted);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The points each campaign has granted in all.</summary>
    public async Task<IReadOnlyDictionary<string, long>> Spent(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT campaign_id, spent FROM campaign_budgets");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var spent = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) spent[reader.GetString(0)] = reader.GetInt64(1);
        return spent;
    }
}
