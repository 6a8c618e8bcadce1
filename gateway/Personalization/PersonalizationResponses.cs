using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Gateway.Personalization;

/// <summary>RFM scores 1 (worst) to 5 (best), the cell they form, and the raw values behind them.</summary>
public sealed record RfmResponse(
    int Recency,
    int Frequency,
    int Monetary,
    string Cell,
    int? DaysSinceLastPurchase,
    int PurchaseDaysInWindow,
    decimal SpendInWindow)
{
    public static RfmResponse From(RfmView rfm) =>
        new(rfm.Recency, rfm.Frequency, rfm.Monetary, rfm.Cell, rfm.DaysSinceLastPurchase, rfm.PurchaseDaysInWindow, rfm.SpendInWindow);
}

/// <param name="Share">Of the member's itemised spend.</param>
/// <param name="Views">Product views of the category in the app or on the website.</param>
/// <param name="BrowseShare">Of the member's weighted browsing (a view 1, an add to cart 3).</param>
public sealed record CategoryShareResponse(string Category, decimal Spend, decimal Share, int Views, int AddsToCart, decimal BrowseShare)
{
    public static CategoryShareResponse From(CategoryShareView share) =>
        new(share.Category, share.Spend, share.Share, share.Views, share.AddsToCart, share.BrowseShare);
}

/// <summary>How a member shops, in their own time zone; preferences are null until there is a clear one.</summary>
public sealed record BehaviourResponse(
    IReadOnlyList<CategoryShareResponse> FavouriteCategories,
    string? PreferredWeekday,
    decimal? PreferredWeekdayShare,
    int? PreferredHour,
    decimal? PreferredHourShare,
    double? TypicalIntervalDays,
    decimal? PriceSensitivity,
    string Stage,
    RfmResponse Rfm)
{
    public static BehaviourResponse From(BehaviourView behaviour) => new(
        [.. behaviour.FavouriteCategories.Select(CategoryShareResponse.From)],
        behaviour.PreferredWeekday,
        behaviour.PreferredWeekdayShare,
        behaviour.PreferredHour,
        behaviour.PreferredHourShare,
        behaviour.TypicalIntervalDays,
        behaviour.PriceSensitivity,
        behaviour.Stage,
        RfmResponse.From(behaviour.Rfm));
}

public sealed record OfferResponse(
    string Id,
    string Kind,
    string Title,
    decimal Value,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    IReadOnlyList<string> Reasons,
    string? Category,
    string? Weekday,
    string State)
{
    public static OfferResponse From(OfferView offer) => new(
        offer.Id, offer.Kind, offer.Title, offer.Value, offer.ValidFrom, offer.ValidUntil, offer.Reasons, offer.Category, offer.Weekday, offer.State);
}

public sealed record OffersResponse(IReadOnlyList<OfferResponse> Offers)
{
    public static OffersResponse From(IReadOnlyList<OfferView> offers) => new([.. offers.Select(OfferResponse.From)]);
}

/// <param name="Outcome">As the API names it: activated, already-active or redeemed.</param>
public sealed record OfferCommandResponse(string Outcome, OfferResponse Offer);

public sealed record SegmentCountResponse(string Stage, string RfmCell, int Members)
{
    public static SegmentCountResponse From(SegmentCount count) => new(count.Stage, count.RfmCell, count.Members);
}

public sealed record SegmentsResponse(IReadOnlyList<SegmentCountResponse> Segments)
{
    public static SegmentsResponse From(IReadOnlyList<SegmentCount> counts) => new([.. counts.Select(SegmentCountResponse.From)]);
}

/// <summary>A page of member ids; pass <see cref="NextAfter"/> as <c>after</c> for the next page (null on the last).</summary>
public sealed record SegmentMembersResponse(IReadOnlyList<string> MemberIds, string? NextAfter)
{
    public static SegmentMembersResponse From(SegmentMembersPage page) => new(page.MemberIds, page.NextAfter);
}

/// <param name="Replayed">True when the idempotency key was sent before with this same event: it is recorded once.</param>
public sealed record BehaviourEventResponse(bool Replayed);
