using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Storage.Prediction;

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

    /// <summary>Stores an accepted fit as the next version.</summary>
    internal async Task<ClvModelView> Save(DateOnly asOf, ClvModelFit fit, CancellationToken cancellationToken = default)
    {
        var unsaved = ClvModelViews.Model(0, asOf, fit);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO clv_models (as_of, customers, model) VALUES ($1, $2, $3) RETURNING version");
        command.Parameters.AddWithValue(asOf);
        command.Parameters.AddWithValue(unsaved.Customers);
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb,
            JsonSerializer.Serialize(new StoredModel(unsaved.Bgnbd, unsaved.GammaGamma, unsaved.RepeatCustomers), LedgerJson.Options));
        var version = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return unsaved with { Version = version };
    }

    /// <summary>
    /// The model to score members with: the newest version without defects; when no version is without
    /// them, the newest one a scorer can be built from at all, its defects listed (the scorer's fallbacks
    /// cover them); rows that cannot be read are passed over. The newest row is not simply taken because
    /// versions stored before fits were checked can be bad: one with q = 0.69 made every first purchase fail.
    /// </summary>
    public async Task<ClvModelView?> Current(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, as_of, customers, model FROM clv_models ORDER BY version DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        ClvModelView? newestUsable = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Read(reader) is not { } model) continue;
            if (model.Defects.Count == 0) return model;
            if (newestUsable is null && ClvModelViews.IsUsable(model)) newestUsable = model;
        }
        return newestUsable;
    }

    private static ClvModelView? Read(NpgsqlDataReader reader)
    {
        StoredModel? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredModel>(reader.GetString(3), LedgerJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
        if (stored is not { Bgnbd: { } bgnbd, GammaGamma: { } gammaGamma }) return null;
        return new ClvModelView(reader.GetInt32(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), bgnbd, gammaGamma,
            stored.RepeatCustomers, ClvModelViews.Defects(bgnbd, gammaGamma));
    }

    /// <summary>The jsonb of a version; rows stored before fits were checked have no convergence, spend likelihood or repeat count.</summary>
    private sealed record StoredModel(BgNbdView? Bgnbd, GammaGammaView? GammaGamma, int? RepeatCustomers);
}
