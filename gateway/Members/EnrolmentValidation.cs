using System.Text.RegularExpressions;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>Checks an enrolment and normalizes its identifiers; the grain receives only clean commands.</summary>
public static partial class EnrolmentValidation
{
    private const int MaxIdentifiers = 5;

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
                var (type, value) = (request.Identifiers[i].Type, request.Identifiers[i].Value);
                if (type is not (IdentifierType.Email or IdentifierType.Phone))
                {
                    errors.Add($"identifiers[{i}].type", "must be 'email' or 'phone'; the loyalty number is assigned at enrolment.");
                }
                else if (!IdentifierNormalizer.TryNormalize(type, value, out var identifier, out var error))
                {
                    errors.Add($"identifiers[{i}].value", error);
                }
                else if (identifiers.Contains(new IdentifierValue(identifier.Type, identifier.Value)))
                {
                    errors.Add($"identifiers[{i}]", "repeats an identifier given earlier in the list.");
                }
                else
                {
                    identifiers.Add(new IdentifierValue(identifier.Type, identifier.Value));
                }
            }
        }

        var profile = request.Profile;
        if (profile is null)
        {
            errors.Add("profile", "is required, with at least firstName.");
        }
        else
        {
            errors.Text(profile.FirstName, "profile.firstName", 100, required: true);
            errors.Text(profile.LastName, "profile.lastName", 100, required: false);
            if (profile.Locale is not null && !LocalePattern().IsMatch(profile.Locale))
            {
                errors.Add("profile.locale", "must be a BCP 47 language tag such as 'de-DE'.");
            }
            if (profile.TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZone, out _))
            {
                errors.Add("profile.timeZone", "must be an IANA time zone such as 'Europe/Berlin'.");
            }
        }
        if (request.IdempotencyKey is not null)
        {
            errors.IdempotencyKey(request.IdempotencyKey);
        }

        return errors.Any ? null : new EnrolMemberCommand(
            identifiers,
            new ProfileData(profile!.FirstName!.Trim(), profile.LastName?.Trim(), profile.Locale, profile.TimeZone),
            request.IdempotencyKey);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocalePattern();
}
