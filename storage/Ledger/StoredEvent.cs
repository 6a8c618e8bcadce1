using System.Globalization;
using System.Text.Json;
using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Storage.Ledger;

/// <summary>A member event as the jsonb payload of its row.</summary>
internal static class StoredEvent
{
    public static string Serialize(MemberEvent @event) => JsonSerializer.Serialize(@event, LedgerJson.Options);

    public static MemberEvent Deserialize(string payload) =>
        JsonSerializer.Deserialize<MemberEvent>(payload, LedgerJson.Options)
        ?? throw new InvalidDataException("A stored member event is null.");

    /// <summary>
    /// False when PostgreSQL would refuse the payload as jsonb: it cannot hold U+0000 (\u0000) nor an
    /// unpaired surrogate (escaped or raw). The edge refuses such text already; this keeps one request
    /// that slipped through from failing a whole group commit.
    /// </summary>
    public static bool IsStorable(string payload)
    {
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[i];
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= payload.Length || !char.IsLowSurrogate(payload[i + 1])) return false;
                i++;
            }
            else if (c == '\\' && i + 1 < payload.Length)
            {
                if (payload[i + 1] != 'u')
                {
                    i++;
                    continue;
                }
                if (EscapedUnit(payload, i) is not { } unit || unit == 0) return false;
                if (char.IsLowSurrogate(unit)) return false;
                if (char.IsHighSurrogate(unit))
                {
                    if (EscapedUnit(payload, i + 6) is not { } low || !char.IsLowSurrogate(low)) return false;
                    i += 6;
                }
                i += 5;
            }
        }
        return true;
    }

    /// <summary>The UTF-16 unit of the \uXXXX escape at <paramref name="at"/>, or null when there is none.</summary>
    private static char? EscapedUnit(string json, int at) =>
        at + 6 <= json.Length && json[at] == '\\' && json[at + 1] == 'u'
        && ushort.TryParse(json.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;
}
