using System.Text.Json.Serialization;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;

namespace OrleansLoyalty.Domain.Identity;

/// <summary>An identifier as linked to a member: who linked it, when, and whether it was verified (an OTP, a login).</summary>
public sealed record IdentifierLink(Identifier Identifier, bool Verified, string Source, DateTimeOffset LinkedAt);

/// <summary>An identifier was linked to the member after enrolment (the identifier index row commits with it).</summary>
public sealed record IdentifierLinked(DateTimeOffset RecordedAt, Identifier Identifier, bool Verified, string Source)
    : MemberEvent(RecordedAt)
{
    public const string Kind = "identifier-linked";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>An identifier was unlinked from the member (its index row is deleted with it).</summary>
public sealed record IdentifierUnlinked(DateTimeOffset RecordedAt, Identifier Identifier, string Source)
    : MemberEvent(RecordedAt)
{
    public const string Kind = "identifier-unlinked";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>
/// The first step of merging this member into <see cref="SurvivorId"/>: from here no write reaches this member
/// (its ledger and profile refuse with "retry"), so what the merge moves is fixed.
/// </summary>
public sealed record MergeClosing(DateTimeOffset RecordedAt, string MergeId, string SurvivorId) : MemberEvent(RecordedAt)
{
    public const string Kind = "merge-closing";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>A merge that closed this member was rolled back before it moved anything: the member is open again.</summary>
public sealed record MergeCancelled(DateTimeOffset RecordedAt, string MergeId, string Reason) : MemberEvent(RecordedAt)
{
    public const string Kind = "merge-cancelled";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>
/// This member was merged into <see cref="SurvivorId"/>: its points (all of them, <see cref="Points"/>) and
/// identifiers moved there in the same transaction, and it is now a tombstone that forwards to the survivor.
/// </summary>
public sealed record MergedAway(DateTimeOffset RecordedAt, string MergeId, string SurvivorId, long Points) : MemberEvent(RecordedAt)
{
    public const string Kind = "merged-away";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>What a merged member brought to the survivor, exactly as it stood when its merge closed.</summary>
/// <param name="Earns">The earns that still count for the tier, each with the member it was first earned by.</param>
/// <param name="Keys">The idempotency keys the absorbed member remembered, so a retry sent to it is answered as a replay.</param>
/// <param name="AbsorbedMembers">Members it had absorbed itself (chains): their keys are looked up in their streams too.</param>
public sealed record MergedMember(
    long Points,
    string Tier,
    IReadOnlyList<QualifyingEarn> Earns,
    IReadOnlyList<RememberedKeySnapshot> Keys,
    IReadOnlyList<IdentifierLink> Identifiers,
    MemberProfile? Profile,
    IReadOnlyList<string> AbsorbedMembers)
{
    /// <summary>The absorbed member's lots, pending ones too, each keeping its expiry and origin; null in merges from before lots (one lot of <see cref="Points"/>).</summary>
    public IReadOnlyList<PointsLot>? Lots { get; init; }

    public long PointsBelowZero { get; init; }

    public long PointsDebt { get; init; }

    /// <summary>The absorbed member's cashback wallet by currency (money moves with the member, never lost to a merge).</summary>
    public IReadOnlyDictionary<string, decimal> Cashback { get; init; } = new Dictionary<string, decimal>();
}

/// <summary>Another member was merged into this one (the survivor), with everything it brought.</summary>
public sealed record MergeApplied(DateTimeOffset RecordedAt, string MergeId, string AbsorbedId, MergedMember Brought, string Reason, string Actor)
    : MemberEvent(RecordedAt)
{
    /// <summary>The survivor's tier after the merge as the program then decided it; null in older merges (the shipped tiers decide).</summary>
    public string? TierAfter { get; init; }

    public const string Kind = "merge-applied";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>The last step of a merge, in both members' streams: caches were told and the members are free for other merges.</summary>
public sealed record MergeCompleted(DateTimeOffset RecordedAt, string MergeId) : MemberEvent(RecordedAt)
{
    public const string Kind = "merge-completed";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>
/// A merge into this member (the survivor) was undone: it gave back <see cref="Points"/> (what the absorbed member
/// brought that was still unspent), the earns first earned by the absorbed members and the identifiers listed.
/// </summary>
public sealed record MergeUndone(
    DateTimeOffset RecordedAt, string MergeId, string AbsorbedId, long Points, IReadOnlyList<Identifier> Identifiers, string Actor)
    : MemberEvent(RecordedAt)
{
    /// <summary>The survivor's tier after the undo as the program then decided it; null in older undos (the shipped tiers decide).</summary>
    public string? TierAfter { get; init; }

    public const string Kind = "merge-undone";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>A merge of this member was undone: it is a member again, with what it got back.</summary>
public sealed record MemberRestored(
    DateTimeOffset RecordedAt, string MergeId, string SurvivorId, long Points, IReadOnlyList<QualifyingEarn> Earns,
    IReadOnlyList<IdentifierLink> Identifiers, string Actor)
    : MemberEvent(RecordedAt)
{
    /// <summary>The lots given back, with their expiry and pending state; null in undos from before lots (one lot of <see cref="Points"/>).</summary>
    public IReadOnlyList<PointsLot>? Lots { get; init; }

    public const string Kind = "member-restored";
    [JsonIgnore]
    public override string EventType => Kind;
}
