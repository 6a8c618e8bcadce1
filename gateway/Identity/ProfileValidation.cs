using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.GrainInterfaces.Identity;

namespace OrleansLoyalty.Gateway.Identity;

/// <summary>The rules for profile fields, the same at enrolment and in a profile change; and the change itself, a JSON merge patch.</summary>
public static partial class ProfileValidation
{
    private const int MaxNameLength = 100;

    private static readonly string[] Fields = [ProfileUpdate.FirstNameField, ProfileUpdate.LastNameField, ProfileUpdate.LocaleField, ProfileUpdate.TimeZoneField];

    public static string? FirstName(string? value, string field, ValidationErrors errors) => errors.Text(value, field, MaxNameLength, required: true);

    public static string? LastName(string? value, string field, ValidationErrors errors) => errors.Text(value, field, MaxNameLength, required: false);

    public static string? Locale(string? value, string field, ValidationErrors errors)
    {
        if (value is not null && !LocalePattern().IsMatch(value)) errors.Add(field, "must be a BCP 47 language tag such as 'de-DE'.");
        return value;
    }

    public static string? TimeZone(string? value, string field, ValidationErrors errors)
    {
        if (value is not null && !IsIanaTimeZone(value)) errors.Add(field, "must be an IANA time zone such as 'Europe/Berlin'.");
        return value;
    }

    /// <summary>Shaped like an IANA id (so no control characters or Windows names reach the lookup) and known to this machine.</summary>
    public static bool IsIanaTimeZone(string id) =>
        id.Length <= 64 && TimeZonePattern().IsMatch(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>
    /// A profile change as a JSON merge patch (RFC 7386): a field left out is unchanged, a string sets it, null
    /// clears it (every field but firstName, which every member has). Field names match without regard to case,
    /// as everywhere in this API. A patch that names no field is refused: it is almost always a client's mistake.
    /// </summary>
    public static UpdateProfileCommand? Patch(JsonElement body, string actor, ValidationErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", $"must be a JSON object with any of {string.Join(", ", Fields)}.");
            return null;
        }
        var given = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in body.EnumerateObject())
        {
            if (Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase)) is not { } field)
            {
                errors.Add(property.Name, $"is not a profile field; the fields are {string.Join(", ", Fields)}.");
            }
            else if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                errors.Add(field, "must be a string, or null to clear it.");
            }
            else if (property.Value.ValueKind == JsonValueKind.String && !IsText(property.Value))
            {
                errors.Add(field, "must be valid Unicode text: no invalid UTF-8 and no unpaired surrogate escapes.");
            }
            else
            {
                given[field] = property.Value;
            }
        }
        if (!body.EnumerateObject().Any()) errors.Add("body", $"names no field to change; give any of {string.Join(", ", Fields)}.");

        string? firstName = null;
        if (given.TryGetValue(ProfileUpdate.FirstNameField, out var first))
        {
            if (first.ValueKind == JsonValueKind.Null) errors.Add(ProfileUpdate.FirstNameField, "cannot be cleared: every member has a first name.");
            else firstName = FirstName(first.GetString(), ProfileUpdate.FirstNameField, errors);
        }
        var lastName = Optional(given, ProfileUpdate.LastNameField, errors, LastName);
        var locale = Optional(given, ProfileUpdate.LocaleField, errors, Locale);
        var timeZone = Optional(given, ProfileUpdate.TimeZoneField, errors, TimeZone);
        return errors.Any ? null : new UpdateProfileCommand(firstName, lastName, locale, timeZone, actor);
    }

    /// <summary>A JSON string can still hold what is no text (invalid UTF-8, a lone surrogate escape): reading it throws.</summary>
    private static bool IsText(JsonElement value)
    {
        try
        {
            value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static ProfileFieldValue? Optional(
        Dictionary<string, JsonElement> given, string field, ValidationErrors errors, Func<string?, string, ValidationErrors, string?> rule)
    {
        if (!given.TryGetValue(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Null) return new ProfileFieldValue(null);
        // A blank last name is a clearing too, as at enrolment; an invalid value is recorded by the rule.
        return new ProfileFieldValue(rule(value.GetString(), field, errors));
    }

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}\z")]
    private static partial Regex LocalePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}\z")]
    private static partial Regex TimeZonePattern();
}
