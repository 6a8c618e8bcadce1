using OrleansLoyalty.Domain.Common;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Gateway.Identity;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>Checks an enrolment and normalizes its identifiers; the grain receives only clean commands.</summary>
public static class EnrolmentValidation
{
    private const int MaxIdentifiers = 5;
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
                else if (!IdentifierType.Enrollable.Contains(requested.Type))
                {
                    errors.Add($"identifiers[{i}].type", $"must be one of {string.Join(", ", IdentifierType.Enrollable)}; the loyalty number is assigned at enrolment.");
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
            // A device or browser id alone names no person: the member needs an identifier that does.
            if (!errors.Any && !identifiers.Any(i => IdentifierType.Strong.Contains(i.Type)))
            {
                errors.Add("identifiers", "at least one e-mail or phone is required; app devices and web cookies may come with it.");
            }
        }

        var profile = Profile(request.Profile, errors);
        if (request.IdempotencyKey is not null)
        {
            errors.IdempotencyKey(request.IdempotencyKey);
        }
        return errors.Any ? null : new EnrolMemberCommand(identifiers, profile!, request.IdempotencyKey);
    }

    /// <summary>
    /// An identifier given as separate <c>type</c> and <c>value</c> fields (a query, a route, a link body), normalized;
    /// null with the error on whichever field is at fault.
    /// </summary>
    public static IdentifierValue? Identifier(string? type, string? value, ValidationErrors errors)
    {
        if (TryNormalize(type, value, out var identifier, out var error)) return identifier;
        errors.Add(IdentifierType.IsKnown(type) ? "value" : "type", error);
        return null;
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
        var firstName = ProfileValidation.FirstName(profile.FirstName, "profile.firstName", errors);
        var lastName = ProfileValidation.LastName(profile.LastName, "profile.lastName", errors);
        var locale = ProfileValidation.Locale(profile.Locale, "profile.locale", errors);
        var timeZone = ProfileValidation.TimeZone(profile.TimeZone, "profile.timeZone", errors);
        return firstName is null ? null : new ProfileData(firstName, lastName, locale, timeZone);
    }
}
