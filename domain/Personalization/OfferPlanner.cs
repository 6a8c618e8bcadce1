using System.Globalization;

namespace OrleansLoyalty.Domain.Personalization;

/// <summary>
/// Chooses a member's personalised offers. Each value is the sizing rule below, capped by the
/// <see cref="ProgramBudget"/>; an offer the budget caps to nothing is not made. Offers come in this
/// order, most urgent first:
/// <list type="bullet">
/// <item>lead: only a welcome bonus (<see cref="WelcomeBonusMultiplier"/>× points on the first purchase, id
/// "welcome", once per member ever): nothing is known about a lead, and points cost nothing unless they buy.</item>
/// <item>inactive, churn_risk: a recovery voucher of <see cref="RecoveryShareOfClv"/> of the predicted CLV,
/// rounded down to cents, capped at the budget; none without a positive CLV or below <see cref="MinimumRecoveryValue"/>.</item>
/// <item>every stage with purchases: a discount on the most favoured category that has at least
/// <see cref="MinimumFavouriteShare"/> of the spend (a favourite that is only browsed is passed over): <see cref="CategoryDiscountPercent"/> %, or
/// <see cref="PriceSensitiveCategoryDiscountPercent"/> % for members who mostly buy on discount.</item>
/// <item>first_purchase, repeat: <see cref="WeekdayBonusMultiplier"/>× points on the preferred weekday,
/// to reward a habit while there is one.</item>
/// </list>
/// Ids end in the UTC month of planning ("fav-category:shoes:2026-11"), so re-planning within a month
/// yields the same ids, and a redeemed offer comes back at most once a month.
/// </summary>
public sealed class OfferPlanner
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    public const decimal WelcomeBonusMultiplier = 2m;

    public const decimal RecoveryShareOfClv = 0.10m;

    /// <summary>In the program currency: a token voucher reads as an insult, not an invitation.</summary>
    public const decimal MinimumRecoveryValue = 1m;

    public const decimal MinimumFavouriteShare = 0.25m;

    public const decimal CategoryDiscountPercent = 10m;

    public const decimal PriceSensitiveCategoryDiscountPercent = 15m;

    /// <summary>Members with at least this share of discounted purchases get the larger category discount.</summary>
    public const decimal PriceSensitiveFromShare = 0.50m;

    public const decimal WeekdayBonusMultiplier = 2m;

    private readonly ProgramBudget _budget;

    public OfferPlanner(ProgramBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        _budget = budget;
    }

    /// <param name="predictedClv">The member's predicted CLV in the program currency; null when no model is fitted.</param>
    public IReadOnlyList<Offer> Plan(BehaviourProfile profile, LifecycleStage stage, decimal? predictedClv, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var period = asOf.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (stage == LifecycleStage.Lead)
        {
            return [.. Optional(Welcome(asOf))];
        }

        var recovery = stage is LifecycleStage.Inactive or LifecycleStage.ChurnRisk ? Recovery(profile, predictedClv, period, asOf) : null;
        var weekdayBonus = stage is LifecycleStage.FirstPurchase or LifecycleStage.Repeat ? WeekdayBonus(profile, period, asOf) : null;
        return [.. Optional(recovery), .. Optional(CategoryDiscount(profile, period, asOf)), .. Optional(weekdayBonus)];
    }

    private Offer? Welcome(DateTimeOffset asOf)
    {
        var multiplier = Math.Min(WelcomeBonusMultiplier, _budget.MaxBonusMultiplier);
        return multiplier <= 1
            ? null
            : new Offer(
                "welcome",
                OfferKind.Welcome,
                $"{Number(multiplier)}x points on your first purchase",
                multiplier,
                asOf,
                asOf + Validity,
                ["Welcome! You have joined but not bought anything yet"]);
    }

    private Offer? Recovery(BehaviourProfile profile, decimal? predictedClv, string period, DateTimeOffset asOf)
    {
        if (predictedClv is not > 0 || profile.DaysSinceLastPurchase is not { } silence)
        {
            return null;
        }

        var value = Math.Min(decimal.Round(predictedClv.Value * RecoveryShareOfClv, 2, MidpointRounding.ToZero), _budget.MaxRecoveryValue);
        if (value < MinimumRecoveryValue)
        {
            return null;
        }

        List<string> reasons = [$"We haven't seen you in {Days(silence)}"];
        if (profile.TypicalIntervalDays is { } interval)
        {
            var days = (int)Math.Round(interval, MidpointRounding.AwayFromZero);
            reasons.Add(days == 1 ? "You usually shop every day" : $"You usually shop every {Days(days)}");
        }

        return new Offer(
            $"recovery:{period}",
            OfferKind.Recovery,
            string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {_budget.Currency} off your next purchase"),
            value,
            asOf,
            asOf + Validity,
            reasons);
    }

    private Offer? CategoryDiscount(BehaviourProfile profile, string period, DateTimeOffset asOf)
    {
        if (profile.FavouriteCategories.FirstOrDefault(category => category.Share >= MinimumFavouriteShare) is not { } favourite)
        {
            return null;
        }

        var priceSensitivity = profile.PriceSensitivity ?? 0;
        var priceSensitive = priceSensitivity >= PriceSensitiveFromShare;
        var percent = Math.Min(priceSensitive ? PriceSensitiveCategoryDiscountPercent : CategoryDiscountPercent, _budget.MaxDiscountPercent);
        if (percent <= 0)
        {
            return null;
        }

        List<string> reasons = [$"{Percent(favourite.Share)} of your spend is on {favourite.Category}"];
        if (priceSensitive)
        {
            reasons.Add($"You often buy on promotion: {Percent(priceSensitivity)} of your purchases had a discount");
        }

        return new Offer(
            $"fav-category:{Slug(favourite.Category)}:{period}",
            OfferKind.CategoryDiscount,
            $"{Number(percent)} % off {favourite.Category}",
            percent,
            asOf,
            asOf + Validity,
            reasons,
            Category: favourite.Category);
    }

    private Offer? WeekdayBonus(BehaviourProfile profile, string period, DateTimeOffset asOf)
    {
        var multiplier = Math.Min(WeekdayBonusMultiplier, _budget.MaxBonusMultiplier);
        if (profile.PreferredWeekday is not { } preferred || multiplier <= 1)
        {
            return null;
        }

        var weekdays = $"{preferred.Weekday}s";
        return new Offer(
            $"bonus-day:{preferred.Weekday}:{period}",
            OfferKind.WeekdayBonus,
            $"{Number(multiplier)}x points on {weekdays}",
            multiplier,
            asOf,
            asOf + Validity,
            [
                preferred.MainCategory is { } category ? $"You often buy {category} on {weekdays}" : $"You often shop on {weekdays}",
                string.Create(CultureInfo.InvariantCulture, $"{preferred.Visits} of your {preferred.OutOfVisits} visits were on a {preferred.Weekday}"),
            ],
            Weekday: preferred.Weekday);
    }

    private static IEnumerable<Offer> Optional(Offer? offer) => offer is null ? [] : [offer];

    /// <summary>"62 %": whole percent, half away from zero, as members read it.</summary>
    private static string Percent(decimal share) =>
        string.Create(CultureInfo.InvariantCulture, $"{decimal.Round(share * 100, 0, MidpointRounding.AwayFromZero)} %");

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Days(int days) =>
        string.Create(CultureInfo.InvariantCulture, $"{days} {(days == 1 ? "day" : "days")}");

    /// <summary>"Running Shoes" → "running-shoes": ids stay stable whatever the spelling's case and spacing.</summary>
    private static string Slug(string category) =>
        string.Join('-', category.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
