using System.Text.RegularExpressions;
using OrleansLoyalty.Domain.Common;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>Checks an enrolment and normalizes its identifiers; the grain receives only clean commands.</summary>
public static partial class EnrolmentValidation
{
    private const int MaxIdentifiers = 5;
    private const int MaxNameLength = 100;

    /// <summary>The longest identifier value accepted before normalizing: an e-mail address is at most 254 characters.</summary>
    public const int MaxIdentifierLength = 254;

    public static EnrolMemberCommand? Validate(EnrolRequest request, ValidationErrors errors)
    {
        var identifiers = new List<IdentifierValue>();
        if (request.Identifiers is not { Count: > 0 })
        {
            errors.Add("identifiers", "at least one e-mail or phone is required.");
        }
        else if (request.Identifiers.Count > MaxIdentifiers)
        {
            errors.Add("identifiers", $"at most {MaxIdentifiers} identifiers may be given.");
        }
        else
        {
            for (var i = 0; i < request.Identifiers.Count; i++)
            {
                if (request.Identifiers[i] is not { } requested)
                {
                    errors.Add($"identifiers[{i}]", "must be an identifier object, not null.");
                }
                else if (requested.Type is not (IdentifierType.Email or IdentifierType.Phone))
                {
                    errors.Add($"identifiers[{i}].type", "must be 'email' or 'phone'; the loyalty number is assigned at enrolment.");
                }
                else if (!TryNormalize(requested.Type, requested.Value, out var identifier, out var error))
                {
                    errors.Add($"identifiers[{i}].value", error);
                }
                else if (identifiers.Contains(identifier))
                {
                    errors.Add($"identifiers[{i}]", "repeats an identifier given earlier in the list.");
                }
                else
                {
                    identifiers.Add(identifier);
                }
            }
        }

        var profile = Profile(request.Profile, errors);
        if (request.IdempotencyKey is not null)
        {
            errors.IdempotencyKey(request.IdempotencyKey);
        }
        return errors.Any ? null : new EnrolMemberCommand(identifiers, profile!, request.IdempotencyKey);
    }

    /// <summary>An identifier as a touchpoint typed it, checked for what text may hold before it is normalized.</summary>
    public static bool TryNormalize(string? type, string? value, out IdentifierValue identifier, out string error)
    {
        identifier = null!;
        if (value is not null && StorableText.Problem(value, MaxIdentifierLength) is { } problem)
        {
            error = problem;
            return false;
        }
        if (!IdentifierNormalizer.TryNormalize(type, value, out var normalized, out var normalizeError))
        {
            error = normalizeError;
            return false;
        }
        identifier = new IdentifierValue(normalized.Type, normalized.Value);
        error = "";
        return true;
    }

    private static ProfileData? Profile(ProfileRequest? profile, ValidationErrors errors)
    {
        if (profile is null)
        {
            errors.Add("profile", "is required, with at least firstName.");
            return null;
        }
        var firstName = errors.Text(profile.FirstName, "profile.firstName", MaxNameLength, required: true);
        var lastName = errors.Text(profile.LastName, "profile.lastName", MaxNameLength, required: false);
        if (profile.Locale is not null && !LocalePattern().IsMatch(profile.Locale))
        {
            errors.Add("profile.locale", "must be a BCP 47 language tag such as 'de-DE'.");
        }
        if (profile.TimeZone is not null && !IsIanaTimeZone(profile.TimeZone))
        {
            errors.Add("profile.timeZone", "must be an IANA time zone such as 'Europe/Berlin'.");
        }
        return firstName is null ? null : new ProfileData(firstName, lastName, profile.Locale, profile.TimeZone);
    }

    /// <summary>Shaped like an IANA id (so no control characters or Windows names reach the lookup) and known to this machine.</summary>
    public static bool IsIanaTimeZone(string id) =>
        id.Length <= 64 && TimeZonePattern().IsMatch(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}\z")]
    private static partial Regex LocalePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}\z")]
    private static partial Regex TimeZonePattern();
}
