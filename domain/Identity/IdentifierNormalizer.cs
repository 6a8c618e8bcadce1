using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansLoyalty.Domain.Identity;

/// <summary>
/// Turns what a touchpoint typed into the one canonical value the identity index stores:
/// e-mail trimmed and lower-cased, phone in E.164, loyalty number digits with a valid check digit.
/// </summary>
public static partial class IdentifierNormalizer
{
    public static bool TryNormalize(string? type, string? value, [NotNullWhen(true)] out Identifier? identifier, [NotNullWhen(false)] out string? error)
    {
        identifier = null;
        if (!IdentifierType.IsKnown(type))
        {
            error = $"This identifier type is not supported; use one of: {string.Join(", ", IdentifierType.All)}.";
            return false;
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"The {type} value is empty.";
            return false;
        }
        string? normalized = type switch
        {
            IdentifierType.Email => NormalizeEmail(value),
            IdentifierType.Phone => NormalizePhone(value),
            _ => NormalizeLoyaltyNumber(value),
        };
        if (normalized is null)
        {
            error = type switch
            {
                IdentifierType.Email => "is not a valid e-mail address.",
                IdentifierType.Phone => "is not a valid phone number; use international format with country code, e.g. +49 151 23456789.",
                _ => "is not a valid loyalty number: it has 12 digits with a Luhn check digit.",
            };
            return false;
        }
        identifier = new Identifier(type!, normalized);
        error = null;
        return true;
    }

    public static string? NormalizeEmail(string value)
    {
        var email = value.Trim().ToLowerInvariant();
        return email.Length <= 254 && EmailPattern().IsMatch(email) ? email : null;
    }

    /// <summary>
    /// E.164 without a default region: a touchpoint must send the country code (a leading + or 00),
    /// because guessing the country of a national number would silently merge strangers.
    /// </summary>
    public static string? NormalizePhone(string value)
    {
        var compact = PhoneSeparators().Replace(value.Trim(), "");
        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }
        return E164Pattern().IsMatch(compact) ? compact : null;
    }

    public static string? NormalizeLoyaltyNumber(string value)
    {
        var digits = PhoneSeparators().Replace(value.Trim(), "");
        return LoyaltyNumber.IsValid(digits) ? digits : null;
    }

    // Deliberately simple: one @, no spaces, a dotted domain with a 2+ letter TLD.
    [GeneratedRegex(@"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex PhoneSeparators();

    // Country codes never start with 0; E.164 allows at most 15 digits; 8 is the shortest real-world number we accept.
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}\z")]
    private static partial Regex E164Pattern();
}
