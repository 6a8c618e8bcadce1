namespace OrleansLoyalty.Domain.Personalization;

/// <summary>What an offer gives; the kind fixes the unit of <see cref="Offer.Value"/>.</summary>
public enum OfferKind
{
    /// <summary>Points multiplier on the first purchase, for leads.</summary>
    Welcome,

    /// <summary>Percent off purchases in <see cref="Offer.Category"/>.</summary>
    CategoryDiscount,

    /// <summary>Points multiplier on purchases made on <see cref="Offer.Weekday"/>.</summary>
    WeekdayBonus,

    /// <summary>Amount off the next purchase, in the program currency.</summary>
    Recovery,
}

/// <summary>A personalised offer, valid from <see cref="ValidFrom"/> up to but excluding <see cref="ValidUntil"/>.</summary>
/// <param name="Id">Deterministic, so planning twice in a period yields the same offer and activation stays idempotent.</param>
/// <param name="Reasons">Why this member gets it, in plain language to show them.</param>
public sealed record Offer(
    string Id,
    OfferKind Kind,
    string Title,
    decimal Value,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    IReadOnlyList<string> Reasons,
    string? Category = null,
    DayOfWeek? Weekday = null);
