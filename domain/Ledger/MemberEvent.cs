using System.Text.Json.Serialization;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.Domain.Personalization;

namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// One fact in a member's append-only stream. Everything about a member (balance, tier, the
/// answers to retried commands) is derived by replaying these, so they carry every input needed.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MemberEnrolled), MemberEnrolled.Kind)]
[JsonDerivedType(typeof(PointsEarned), PointsEarned.Kind)]
[JsonDerivedType(typeof(PointsRedeemed), PointsRedeemed.Kind)]
[JsonDerivedType(typeof(PointsAdjusted), PointsAdjusted.Kind)]
[JsonDerivedType(typeof(OfferActivated), OfferActivated.Kind)]
[JsonDerivedType(typeof(OfferRedeemed), OfferRedeemed.Kind)]
[JsonDerivedType(typeof(ProfileChanged), ProfileChanged.Kind)]
[JsonDerivedType(typeof(IdentifierLinked), IdentifierLinked.Kind)]
[JsonDerivedType(typeof(IdentifierUnlinked), IdentifierUnlinked.Kind)]
[JsonDerivedType(typeof(MergeClosing), MergeClosing.Kind)]
[JsonDerivedType(typeof(MergeCancelled), MergeCancelled.Kind)]
[JsonDerivedType(typeof(MergedAway), MergedAway.Kind)]
[JsonDerivedType(typeof(MergeApplied), MergeApplied.Kind)]
[JsonDerivedType(typeof(MergeCompleted), MergeCompleted.Kind)]
[JsonDerivedType(typeof(MergeUndone), MergeUndone.Kind)]
[JsonDerivedType(typeof(MemberRestored), MemberRestored.Kind)]
public abstract record MemberEvent(DateTimeOffset RecordedAt)
{
    /// <summary>The stored event type, equal to the JSON discriminator, so never serialized itself.</summary>
    [JsonIgnore]
    public abstract string EventType { get; }
}

/// <summary>A command that moves points: retried commands are recognised by key and fingerprint.</summary>
public abstract record LedgerCommandEvent(DateTimeOffset RecordedAt, string IdempotencyKey, string Fingerprint)
    : MemberEvent(RecordedAt);

public sealed record MemberEnrolled(
    DateTimeOffset RecordedAt,
    string LoyaltyNumber,
    IReadOnlyList<Identifier> Identifiers,
    MemberProfile Profile,
    string? IdempotencyKey,
    string Fingerprint) : MemberEvent(RecordedAt)
{
    public const string Kind = "enrolled";
    [JsonIgnore]
    public override string EventType => Kind;
}

public sealed record PointsEarned(
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    long Points,
    decimal Amount,
    string Currency,
    DateTimeOffset OccurredAt,
    string Channel,
    string? StoreId) : LedgerCommandEvent(RecordedAt, IdempotencyKey, Fingerprint)
{
    public const string Kind = "earned";
    [JsonIgnore]
    public override string EventType => Kind;

    /// <summary>What was bought: the basis of favourite categories and other behaviour (empty in events from before it was kept).</summary>
    public IReadOnlyList<PurchasedItem> Items { get; init; } = [];

    /// <summary>Money off the basket (already deducted from <see cref="Amount"/>): what price sensitivity is measured on.</summary>
    public decimal Discount { get; init; }
}

public sealed record PurchasedItem(string Sku, string? Category, decimal Quantity, decimal Amount);

public sealed record PointsRedeemed(
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    long Points,
    string Reason,
    string Channel) : LedgerCommandEvent(RecordedAt, IdempotencyKey, Fingerprint)
{
    public const string Kind = "redeemed";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>A manual correction by staff: signed, with the reason and who made it, for the audit trail.</summary>
public sealed record PointsAdjusted(
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    long Points,
    string Reason,
    string Actor) : LedgerCommandEvent(RecordedAt, IdempotencyKey, Fingerprint)
{
    public const string Kind = "adjusted";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>A member took up a personalised offer; the offer's terms are kept as they were shown.</summary>
public sealed record OfferActivated(DateTimeOffset RecordedAt, string IdempotencyKey, Offer Offer) : MemberEvent(RecordedAt)
{
    public const string Kind = "offer-activated";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>A member used an activated offer (one time only).</summary>
public sealed record OfferRedeemed(DateTimeOffset RecordedAt, string IdempotencyKey, string OfferId) : MemberEvent(RecordedAt)
{
    public const string Kind = "offer-redeemed";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>
/// The member's profile after a change, with the fields that changed (for integrators, who get no names) and who
/// changed it. Written by the profile grain at the end of the member's stream; it moves no points.
/// </summary>
public sealed record ProfileChanged(DateTimeOffset RecordedAt, MemberProfile Profile, IReadOnlyList<string> ChangedFields, string Actor)
    : MemberEvent(RecordedAt)
{
    public const string Kind = "profile-changed";
    [JsonIgnore]
    public override string EventType => Kind;
}
