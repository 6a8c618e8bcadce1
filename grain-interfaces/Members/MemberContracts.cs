namespace OrleansLoyalty.GrainInterfaces.Members;

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.IdentifierValue")]
public sealed record IdentifierValue([property: Id(0)] string Type, [property: Id(1)] string Value);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ProfileData")]
public sealed record ProfileData(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string? LastName,
    [property: Id(2)] string? Locale,
    [property: Id(3)] string? TimeZone);

/// <summary>Enrolment with identifiers already normalized by the caller.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.EnrolMemberCommand")]
public sealed record EnrolMemberCommand(
    [property: Id(0)] IReadOnlyList<IdentifierValue> Identifiers,
    [property: Id(1)] ProfileData Profile,
    [property: Id(2)] string? IdempotencyKey);

[GenerateSerializer, Alias("OrleansLoyalty.EnrolmentStatus")]
public enum EnrolmentStatus
{
    Enrolled,
    Replayed,
    IdentifierTaken,
    IdempotencyKeyConflict,

    /// <summary>The store refused the data itself; nothing was written.</summary>
    Rejected,

    /// <summary>Storage could not be reached: retry (with the idempotency key, if one was given).</summary>
    Unavailable,
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.EnrolmentResult")]
public sealed record EnrolmentResult(
    [property: Id(0)] EnrolmentStatus Status,
    [property: Id(1)] MemberDetails? Member,
    [property: Id(2)] IdentifierValue? TakenIdentifier);

/// <summary>The full member view for the member themself and for administrators.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MemberDetails")]
public sealed record MemberDetails(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string LoyaltyNumber,
    [property: Id(2)] string Tier,
    [property: Id(3)] long PointsBalance,
    [property: Id(4)] ProfileData Profile,
    [property: Id(5)] IReadOnlyList<IdentifierValue> Identifiers,
    [property: Id(6)] DateTimeOffset EnrolledAt);

/// <summary>What a POS counter needs and nothing more: no e-mail, phone or last name.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MemberCard")]
public sealed record MemberCard(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string LoyaltyNumber,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string Tier,
    [property: Id(4)] long PointsBalance);
