namespace OrleansLoyalty.GrainInterfaces.Identity;

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
    [property: Id(1)] MemberProfileView? Member,
    [property: Id(2)] IdentifierValue? TakenIdentifier);

/// <summary>Who the member is: profile, identifiers and loyalty number (balances are the ledger's).</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MemberProfileView")]
public sealed record MemberProfileView(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string LoyaltyNumber,
    [property: Id(2)] ProfileData Profile,
    [property: Id(3)] IReadOnlyList<IdentifierLinkView> Identifiers,
    [property: Id(4)] DateTimeOffset EnrolledAt);

/// <summary>An identifier the member owns, with how it was linked.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.IdentifierLinkView")]
public sealed record IdentifierLinkView(
    [property: Id(0)] string Type,
    [property: Id(1)] string Value,
    [property: Id(2)] bool Verified,
    [property: Id(3)] string Source,
    [property: Id(4)] DateTimeOffset LinkedAt);

/// <summary>Link a normalized identifier; <see cref="Source"/> is who linked it (the caller).</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LinkIdentifierCommand")]
public sealed record LinkIdentifierCommand(
    [property: Id(0)] IdentifierValue Identifier,
    [property: Id(1)] bool Verified,
    [property: Id(2)] string Source);

[GenerateSerializer, Alias("OrleansLoyalty.LinkStatus")]
public enum LinkStatus
{
    Linked,

    /// <summary>The member had it already (and it was verified, or stays unverified): nothing was written.</summary>
    AlreadyLinked,

    /// <summary>Another member owns it; who is not said.</summary>
    Taken,
    MemberNotFound,
    Rejected,
    Unavailable,
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LinkResult")]
public sealed record LinkResult([property: Id(0)] LinkStatus Status, [property: Id(1)] IdentifierLinkView? Link);

[GenerateSerializer, Alias("OrleansLoyalty.UnlinkStatus")]
public enum UnlinkStatus
{
    Unlinked,
    NotLinked,

    /// <summary>It is the member's last e-mail, phone or loyalty number: a member must stay reachable.</summary>
    LastStrongIdentifier,
    MemberNotFound,
    Unavailable,
}

/// <summary>A new value for an optional profile field; a null <see cref="Value"/> clears it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ProfileFieldValue")]
public sealed record ProfileFieldValue([property: Id(0)] string? Value);

/// <summary>A validated partial update: a null field is left as it is.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.UpdateProfileCommand")]
public sealed record UpdateProfileCommand(
    [property: Id(0)] string? FirstName,
    [property: Id(1)] ProfileFieldValue? LastName,
    [property: Id(2)] ProfileFieldValue? Locale,
    [property: Id(3)] ProfileFieldValue? TimeZone,
    [property: Id(4)] string Actor);

[GenerateSerializer, Alias("OrleansLoyalty.ProfileUpdateStatus")]
public enum ProfileUpdateStatus
{
    Updated,

    /// <summary>Every field already had the value asked for: nothing was written.</summary>
    Unchanged,
    MemberNotFound,

    /// <summary>The store refused the data itself; nothing was written.</summary>
    Rejected,

    /// <summary>The outcome is not known: retry (the update is idempotent).</summary>
    Unavailable,
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ProfileUpdateResult")]
public sealed record ProfileUpdateResult(
    [property: Id(0)] ProfileUpdateStatus Status,
    [property: Id(1)] MemberProfileView? Profile);
