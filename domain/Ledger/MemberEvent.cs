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
[JsonDerivedType(typeof(PointsReturned), PointsReturned.Kind)]
[JsonDerivedType(typeof(PointsReleased), PointsReleased.Kind)]
[JsonDerivedType(typeof(PointsExpired), PointsExpired.Kind)]
[JsonDerivedType(typeof(TierChanged), TierChanged.Kind)]
[JsonDerivedType(typeof(TierKept), TierKept.Kind)]
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
[JsonDerivedType(typeof(CashbackRedeemed), CashbackRedeemed.Kind)]
[JsonDerivedType(typeof(MembershipStarted), MembershipStarted.Kind)]
[JsonDerivedType(typeof(MembershipLapsed), MembershipLapsed.Kind)]
[JsonDerivedType(typeof(ChallengeCompleted), ChallengeCompleted.Kind)]
public abstract record MemberEvent(DateTimeOffset RecordedAt)
{
    /// <summary>The stored event type, equal to the JSON discriminator, so never serialized itself.</summary>
    [JsonIgnore]
    public abstract string EventType { get; }
}

/// <summary>A command that moves points: retried commands are recognised by key and fingerprint.</summary>
public abstract record LedgerCommandEvent(DateTimeOffset RecordedAt, string IdempotencyKey, string Fingerprint)
    : MemberEvent(RecordedAt)
{
    /// <summary>The program version that decided the command; null in events from before versions were recorded (the shipped default).</summary>
    public int? ProgramVersion { get; init; }
}

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

    /// <summary>The points by rule, as decided (empty in events from before it was kept: all of it was the base).</summary>
    public IReadOnlyList<LoyaltyProgram.EarnedBy> Breakdown { get; init; } = [];

    /// <summary>Until when the points are pending (the return window); null: available at once.</summary>
    public DateTimeOffset? PendingUntil { get; init; }

    /// <summary>When the points expire; null: never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The tier after this purchase, as the program then decided; null in older events (the shipped tiers decide).</summary>
    public string? TierAfter { get; init; }

    /// <summary>The coalition partner that posted the earn (channel <c>partner</c>); null for the brand's own purchases.</summary>
    public string? PartnerId { get; init; }

    /// <summary>Money credited to the cashback wallet, in <see cref="Currency"/>, by rule (empty: none).</summary>
    public IReadOnlyList<Cashback.CashbackBy> Cashback { get; init; } = [];
}

/// <param name="Points">The purchase's points this line earned (what returning all of it takes back); null in older events.</param>
/// <param name="Cashback">The purchase's cashback this line earned (what returning all of it takes back); null in older events.</param>
public sealed record PurchasedItem(string Sku, string? Category, decimal Quantity, decimal Amount, long? Points = null, decimal? Cashback = null);

/// <summary>
/// Returned goods of a purchase (<see cref="OriginalKey"/>, the event at <see cref="OriginalVersion"/>) and the points that takes back,
/// decided by the points each line earned then. <see cref="NegativeBalanceLimit"/> is the program's limit at the time.
/// </summary>
public sealed record PointsReturned(
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    string OriginalKey,
    int OriginalVersion,
    DateTimeOffset OriginalOccurredAt,
    long Points,
    decimal Amount,
    IReadOnlyList<ReturnedLine> Lines,
    long NegativeBalanceLimit,
    string Channel) : LedgerCommandEvent(RecordedAt, IdempotencyKey, Fingerprint)
{
    /// <summary>Cashback the return took back (the purchase's, in proportion to the amount returned), in <see cref="CashbackCurrency"/>.</summary>
    public decimal Cashback { get; init; }

    public string? CashbackCurrency { get; init; }

    public const string Kind = "returned";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>A returned line (by sku; empty sku for a return by amount) and the points it took back.</summary>
public sealed record ReturnedLine(string Sku, decimal Quantity, decimal Amount, long Points)
{
    /// <summary>The cashback the line took back.</summary>
    public decimal Cashback { get; init; }
}

/// <summary>Pending lots that became available, run by the scheduler when their return window closed.</summary>
public sealed record PointsReleased(DateTimeOffset RecordedAt, IReadOnlyList<LotPoints> Lots) : MemberEvent(RecordedAt)
{
    public const string Kind = "points-released";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>What was left of lots past their expiry, run by the scheduler at the expiry.</summary>
public sealed record PointsExpired(DateTimeOffset RecordedAt, IReadOnlyList<LotPoints> Lots) : MemberEvent(RecordedAt)
{
    public const string Kind = "points-expired";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>Why a tier changed: the activity reached a higher tier (announced after the purchase that reached it), or the anniversary review lowered it.</summary>
public static class TierChangeReasons
{
    public const string Qualified = "qualified";
    public const string AnniversaryReview = "anniversary-review";
    public const string Merge = "merge";
}

/// <summary>
/// A tier change, as the member and every surface are told of it. An upgrade is decided with the purchase that reached
/// it (PointsEarned.TierAfter) and announced by this event just after; a downgrade is decided by this event alone.
/// </summary>
/// <param name="Anniversary">The anniversary a review was for; null for an upgrade.</param>
public sealed record TierChanged(
    DateTimeOffset RecordedAt, string From, string To, string Reason, DateTimeOffset? Anniversary, long QualifyingPoints, decimal QualifyingSpend, int QualifyingPurchases, int ProgramVersion)
    : MemberEvent(RecordedAt)
{
    public const string Kind = "tier-changed";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>An anniversary review that kept the tier: recorded so a second run of the review decides nothing again.</summary>
public sealed record TierKept(DateTimeOffset RecordedAt, string Tier, DateTimeOffset Anniversary, long QualifyingPoints, decimal QualifyingSpend, int QualifyingPurchases, int ProgramVersion)
    : MemberEvent(RecordedAt)
{
    public const string Kind = "tier-kept";
    [JsonIgnore]
    public override string EventType => Kind;
}

public sealed record PointsRedeemed(
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    long Points,
    string Reason,
    string Channel) : LedgerCommandEvent(RecordedAt, IdempotencyKey, Fingerprint)
{
    /// <summary>The catalogue reward the points bought, with its single-use code; null for a plain points redemption.</summary>
    public string? RewardId { get; init; }

    public string? Code { get; init; }

    public DateTimeOffset? CodeExpiresAt { get; init; }

    /// <summary>The coalition partner the points were spent at; null for the brand's own redemptions.</summary>
    public string? PartnerId { get; init; }

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

/// <summary>Cashback spent at a till (or in the app): money out of the member's cashback wallet.</summary>
public sealed record CashbackRedeemed(
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    decimal Amount,
    string Currency,
    string Channel,
    string? StoreId) : LedgerCommandEvent(RecordedAt, IdempotencyKey, Fingerprint)
{
    public const string Kind = "cashback-redeemed";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>
/// A paid membership bought or renewed: the plan, the period it now runs to (a renewal extends the running one from its
/// end), and the price paid, as the program then had it.
/// </summary>
public sealed record MembershipStarted(
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string Fingerprint,
    string PlanId,
    string PlanName,
    DateTimeOffset From,
    DateTimeOffset Until,
    decimal Price,
    string Currency,
    bool Renewal) : LedgerCommandEvent(RecordedAt, IdempotencyKey, Fingerprint)
{
    public const string Kind = "membership-started";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>A paid membership reached the end of its period without a renewal; run by the scheduler at <see cref="Until"/>.</summary>
public sealed record MembershipLapsed(DateTimeOffset RecordedAt, string PlanId, DateTimeOffset Until) : MemberEvent(RecordedAt)
{
    public const string Kind = "membership-lapsed";
    [JsonIgnore]
    public override string EventType => Kind;
}

/// <summary>
/// A challenge reached: its reward, decided once with the target and progress that earned it, as a lot of its own (expiring by
/// the program's policy from now). Run by the scheduler just after the purchase that reached it.
/// </summary>
public sealed record ChallengeCompleted(
    DateTimeOffset RecordedAt, string ChallengeId, string ChallengeName, decimal Target, decimal Progress, long Points, DateTimeOffset? ExpiresAt, int ProgramVersion)
    : MemberEvent(RecordedAt)
{
    public const string Kind = "challenge-completed";
    [JsonIgnore]
    public override string EventType => Kind;
}
