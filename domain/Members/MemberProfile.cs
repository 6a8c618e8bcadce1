namespace OrleansLoyalty.Domain.Members;

/// <summary>What a member tells us about themselves at enrolment.</summary>
public sealed record MemberProfile(string FirstName, string? LastName, string? Locale, string? TimeZone);
