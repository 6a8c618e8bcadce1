using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Personalization;

/// <summary>RFM scores 1 (worst) to 5 (best), the cell they form, and the raw values behind them.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RfmView")]
public sealed record RfmView(
    [property: Id(0)] int Recency,
    [property: Id(1)] int Frequency,
    [property: Id(2)] int Monetary,
    [property: Id(3)] string Cell,
    [property: Id(4)] int? DaysSinceLastPurchase,
    [property: Id(5)] int PurchaseDaysInWindow,
    [property: Id(6)] decimal SpendInWindow);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.OfferView")]
public sealed record OfferView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] decimal Value,
    [property: Id(4)] DateTimeOffset ValidFrom,
    [property: Id(5)] DateTimeOffset ValidUntil,
    [property: Id(6)] IReadOnlyList<string> Reasons,
    [property: Id(7)] string? Category,
    [property: Id(8)] string? Weekday,
    [property: Id(9)] string State);

/// <summary>What an offer activation or redemption did. New members go at the end: the wire carries the number.</summary>
[GenerateSerializer, Alias("OrleansLoyalty.OfferCommandOutcome")]
public enum OfferCommandOutcome
{
    /// <summary>
    /// The outcome is not known (storage unreachable, or writers kept racing): retry with the same key. It is
    /// zero, so a result that carries no outcome (from a silo of an older version) reads as this one.
    /// </summary>
    Unavailable,

    Activated,

    /// <summary>The offer was already activated, under another key; nothing changed.</summary>
    AlreadyActive,

    Redeemed,

    /// <summary>The offer was already used: offers are one-time.</summary>
    AlreadyRedeemed,

    /// <summary>Redemption of an offer the member has not activated.</summary>
    NotActive,

    NotYetValid,

    Expired,

    /// <summary>No offer with this id was issued or planned for the member.</summary>
    UnknownOffer,

    /// <summary>The idempotency key was already used for a different request of the member.</summary>
    KeyConflict,

    MemberNotFound,

    /// <summary>The store refused the data of the command itself; nothing was written and a retry cannot help.</summary>
    Rejected,
}

/// <param name="Offer">The offer as the command left it; null when the member or the offer is unknown, or the command failed.</param>
/// <remarks>
/// Ids 0 and 1 held a member-found flag and the outcome as open text: they are not reused, so a peer of the
/// other version skips them instead of failing to read a field of another type.
/// </remarks>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.OfferCommandResult")]
public sealed record OfferCommandResult(
    [property: Id(3)] OfferCommandOutcome Outcome,
    [property: Id(2)] OfferView? Offer);

/// <summary>A member's place in the segment index: lifecycle stage code and RFM cell.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MemberSegment")]
public sealed record MemberSegment([property: Id(0)] string Stage, [property: Id(1)] string RfmCell);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.SegmentCount")]
public sealed record SegmentCount(
    [property: Id(0)] string Stage,
    [property: Id(1)] string RfmCell,
    [property: Id(2)] int Members);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.SegmentMembersPage")]
public sealed record SegmentMembersPage(
    [property: Id(0)] IReadOnlyList<string> MemberIds,
    [property: Id(1)] string? NextAfter);

/// <summary>Queries over the segment index every member keeps current: no member grain is asked.</summary>
[Alias("OrleansLoyalty.ISegmentsGrain")]
public interface ISegmentsGrain : IGrainWithIntegerKey
{
    [Alias("Count")]
    Task<IReadOnlyList<SegmentCount>> Count();

    [Alias("Members")]
    Task<SegmentMembersPage> Members(string? stage, string? rfmCell, string? after, int limit);
}

/// <param name="Share">Of the member's itemised spend.</param>
/// <param name="BrowseShare">Of the member's weighted browsing (a view 1, an add to cart 3).</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.CategoryShareView")]
public sealed record CategoryShareView(
    [property: Id(0)] string Category,
    [property: Id(1)] decimal Spend,
    [property: Id(2)] decimal Share,
    [property: Id(3)] int Views,
    [property: Id(4)] int AddsToCart,
    [property: Id(5)] decimal BrowseShare);

/// <summary>How a member shops, in their own time zone; preferences are null until there is a clear one.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.BehaviourView")]
public sealed record BehaviourView(
    [property: Id(0)] IReadOnlyList<CategoryShareView> FavouriteCategories,
    [property: Id(1)] string? PreferredWeekday,
    [property: Id(2)] decimal? PreferredWeekdayShare,
    [property: Id(3)] int? PreferredHour,
    [property: Id(4)] decimal? PreferredHourShare,
    [property: Id(5)] double? TypicalIntervalDays,
    [property: Id(6)] decimal? PriceSensitivity,
    [property: Id(7)] string Stage,
    [property: Id(8)] RfmView Rfm);

/// <summary>
/// Moves quiet members along their lifecycle in the segment index: stages such as inactive or lapsed
/// arrive with the passing of time, not with an event. Runs on a durable schedule (<see cref="Key"/>).
/// </summary>
[Alias("OrleansLoyalty.ISegmentRefreshGrain")]
public interface ISegmentRefreshGrain : IGrainWithIntegerKey
{
    const long Key = 0;

    /// <summary>
    /// Removes the hourly reminder that databases from before the scheduler still hold: members now schedule
    /// their own re-evaluation (due_work). Every silo calls it at start-up; idempotent.
    /// </summary>
    [Alias("RetireSchedule")]
    Task RetireSchedule();
}
