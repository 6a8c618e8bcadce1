using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.Grains.Storage;

namespace OrleansLoyalty.Grains.Prediction;

/// <summary>Reads the purchase log for fitting and keeps the fitted model versions in PostgreSQL.</summary>
public sealed class ClvModelStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every purchase on or before <paramref name="asOf"/> (by UTC day), straight from the ledger.</summary>
    public async Task<List<DatedPurchase<string>>> Purchases(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT member_id, (payload->>'occurredAt')::timestamptz, (payload->>'amount')::numeric
            FROM member_events
            WHERE event_type = 'earned'
            """);
        var purchases = new List<DatedPurchase<string>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var day = MemberPurchaseHistory.PurchaseDay(reader.GetFieldValue<DateTimeOffset>(1));
            if (day <= asOf)
            {
                purchases.Add(new DatedPurchase<string>(reader.GetString(0), day, reader.GetDecimal(2)));
            }
        }
        return purchases;
    }

    public async Task<ClvModelView> Save(DateOnly asOf, int customers, BgNbdView bgnbd, GammaGammaView gammaGamma, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO clv_models (as_of, customers, model) VALUES ($1, $2, $3) RETURNING version");
        command.Parameters.AddWithValue(asOf);
        command.Parameters.AddWithValue(customers);
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(new StoredModel(bgnbd, gammaGamma), LedgerJson.Options));
        var version = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new ClvModelView(version, asOf, customers, bgnbd, gammaGamma);
    }

    public async Task<ClvModelView?> Latest(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, as_of, customers, model FROM clv_models ORDER BY version DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var stored = JsonSerializer.Deserialize<StoredModel>(reader.GetString(3), LedgerJson.Options)!;
        return new ClvModelView(reader.GetInt32(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), stored.Bgnbd, stored.GammaGamma);
    }

    private sealed record StoredModel(BgNbdView Bgnbd, GammaGammaView GammaGamma);
}
