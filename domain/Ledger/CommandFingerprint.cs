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
    public static string Of(params object?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(parts))));

    // Every value is written as <length>:<text> and every list as [<count>|...], so no choice of
    // characters inside a value (commas, separators, brackets) can make two different commands look alike.
    private static string Canonical(object? part) => part switch
    {
        null => "~",
        string text => Framed(text),
        decimal d => Framed(d.ToString("0.############################", CultureInfo.InvariantCulture)),
        DateTimeOffset t => Framed(t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
        IFormattable f => Framed(f.ToString(null, CultureInfo.InvariantCulture)),
        System.Collections.IEnumerable items => List(items.Cast<object?>().Select(Canonical).ToList()),
        _ => Framed(part.ToString() ?? ""),
    };

    private static string Framed(string text) => $"{text.Length}:{text}";

    private static string List(IReadOnlyList<string> items) => $"[{items.Count}|{string.Concat(items)}]";
}
