using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansLoyalty.Domain.Identity;

/// <summary>
/// Turns what a touchpoint typed into the one canonical value the identity index stores:
/// e-mail trimmed and lower-cased, phone in E.164, loyalty number digits with a valid check digit,
/// device and browser ids as given (they are case-sensitive tokens) within a safe alphabet, card numbers as
/// their digits, external and partner ids as <c>namespace:id</c> with the namespace lower-cased.
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
            IdentifierType.Loyalty => NormalizeLoyaltyNumber(value),
            IdentifierType.AppDevice or IdentifierType.WebCookie => NormalizeToken(value),
            IdentifierType.PosCard => NormalizeCardNumber(value),
            _ => NormalizeNamespaced(value),
        };
        if (normalized is null)
        {
            error = type switch
            {
                IdentifierType.Email => "is not a valid e-mail address.",
                IdentifierType.Phone => "is not a valid phone number; use international format with country code, e.g. +49 151 23456789.",
                IdentifierType.Loyalty => "is not a valid loyalty number: it has 12 digits with a Luhn check digit.",
                IdentifierType.AppDevice or IdentifierType.WebCookie => "must be 16 to 128 characters of letters, digits, '.', '_' or '-'.",
                IdentifierType.PosCard => "is not a valid card number: 8 to 19 digits (spaces and dashes are ignored).",
                _ => "must be 'namespace:id': a lower-case namespace of 2 to 32 letters, digits, '_' or '-' starting with a letter, then 1 to 128 visible characters.",
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

    /// <summary>Device and browser ids are opaque tokens: kept as given (case matters), in a safe alphabet.</summary>
    public static string? NormalizeToken(string value)
    {
        var token = value.Trim();
        return TokenPattern().IsMatch(token) ? token : null;
    }

    /// <summary>A card number as its digits; lengths as ISO/IEC 7812 allows. No check digit: store cards often have none.</summary>
    public static string? NormalizeCardNumber(string value)
    {
        var digits = CardSeparators().Replace(value.Trim(), "");
        return CardPattern().IsMatch(digits) ? digits : null;
    }

    /// <summary>
    /// <c>namespace:id</c>: the namespace names the source system or partner and is lower-cased; the id is the
    /// source's own and kept as given (a CRM id may be case-sensitive).
    /// </summary>
    public static string? NormalizeNamespaced(string value)
    {
        var trimmed = value.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        var space = trimmed[..colon].ToLowerInvariant();
        var id = trimmed[(colon + 1)..];
        return NamespacePattern().IsMatch(space) && NamespacedIdPattern().IsMatch(id) ? $"{space}:{id}" : null;
    }

    // Deliberately simple: one @, no spaces, a dotted domain with a 2+ letter TLD.
    [GeneratedRegex(@"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{16,128}\z")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"[ \-]")]
    private static partial Regex CardSeparators();

    [GeneratedRegex(@"^[0-9]{8,19}\z")]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{1,31}\z")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^[!-~]{1,128}\z")]
    private static partial Regex NamespacedIdPattern();

    // Country codes never start with 0; E.164 allows at most 15 digits; 8 is the shortest real-world number we accept.
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}\z")]
    private static partial Regex E164Pattern();
}
