using System.Text.Json;

namespace OrleansLoyalty.Storage.Ledger;

/// <summary>How events are written to jsonb: camelCase, polymorphic by the event's "kind".</summary>
internal static class LedgerJson
{
    /// <summary>
    /// jsonb keeps keys sorted by length, then bytes, not as written: an event with a key such as "to" or "from" comes
    /// back with it before "kind", so the discriminator may be anywhere in the object.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };
}
