namespace OrleansLoyalty.Gateway.Members;

public sealed record IdentifierRequest(string? Type, string? Value);

public sealed record ProfileRequest(string? FirstName, string? LastName, string? Locale, string? TimeZone);

/// <summary>An enrolment; with an idempotency key a retried enrolment returns the member it created.</summary>
public sealed record EnrolRequest(IReadOnlyList<IdentifierRequest?>? Identifiers, ProfileRequest? Profile, string? IdempotencyKey);
