using System.Text.Json;

namespace OrleansLoyalty.Storage.Ledger;

/// <summary>How events are written to jsonb: camelCase, polymorphic by the event's "kind".</summary>
internal static class LedgerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
