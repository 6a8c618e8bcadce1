namespace OrleansLoyalty.Domain.Members;

/// <summary>What a member tells us about themselves, at enrolment and in later profile changes.</summary>
public sealed record MemberProfile(string FirstName, string? LastName, string? Locale, string? TimeZone);
