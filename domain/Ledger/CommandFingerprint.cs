using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// A stable hash of what a command asks for, so a retry with the same idempotency key can be told
/// apart from a different command that reuses the key. Values are written canonically: 42.5 and 42.50 are one amount.
/// </summary>
public static class CommandFingerprint
{
    public static string Of(params object?[] parts)
    {
        var canonical = new StringBuilder();
        foreach (var part in parts)
        {
            canonical.Append(Canonical(part)).Append('\u001f');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private static string Canonical(object? part) => part switch
    {
        null => "\u2400",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object?>().Select(Canonical)) + "]",
        _ => part.ToString() ?? "",
    };
}
