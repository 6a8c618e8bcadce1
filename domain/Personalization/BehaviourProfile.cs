namespace OrleansLoyalty.Domain.Personalization;

/// <summary>
/// A category the member favours: its share of their itemised spend, and how they browsed it (views and adds to
/// cart, and the share of their weighted browsing, see <see cref="BehaviourProfile.AddToCartWeight"/>).
/// </summary>
public sealed record CategoryShare(string Category, decimal Spend, decimal Share, int Views = 0, int AddsToCart = 0, decimal BrowseShare = 0)
{
    /// <summary>What favourites are ranked by: purchases first, browsing after (<see cref="BehaviourProfile.PurchaseWeight"/>).</summary>
    public decimal Interest => BehaviourProfile.PurchaseWeight * Share + BehaviourProfile.BrowseWeight * BrowseShare;
}

/// <summary>The weekday a member shops on most, counted in visits (distinct purchase days).</summary>
/// <param name="MainCategory">The category with at least half the spend on that weekday, if one has.</param>
public sealed record WeekdayPreference(DayOfWeek Weekday, int Visits, int OutOfVisits, string? MainCategory)
{
    public decimal Share => (decimal)Visits / OutOfVisits;
}

/// <summary>
/// The local hour a member shops in most, counted in occasions (distinct day-and-hour pairs), so a
/// basket split over three tills in one hour is one occasion.
/// </summary>
public sealed record HourPreference(int Hour, int Occasions, int OutOfOccasions)
{
    public decimal Share => (decimal)Occasions / OutOfOccasions;
}

/// <summary>
/// How a member shops, from their <see cref="PurchaseHistory"/>, in the history's time zone.
/// </summary>
/// <param name="FavouriteCategories">Highest interest first (spend, then browsing; see <see cref="Of"/>), ties by name; uncategorised spend is never a favourite.</param>
/// <param name="PreferredWeekday">Null without a clear preference; see <see cref="Of"/>.</param>
/// <param name="PreferredHour">Null without a clear preference; see <see cref="Of"/>.</param>
/// <param name="PriceSensitivity">Share of purchases with a discount; null without purchases.</param>
public sealed record BehaviourProfile(
    int? DaysSinceLastPurchase,
    IReadOnlyList<CategoryShare> FavouriteCategories,
    WeekdayPreference? PreferredWeekday,
    HourPreference? PreferredHour,
    double? TypicalIntervalDays,
    decimal? PriceSensitivity)
{
    public const int DefaultFavouriteCount = 3;

    /// <summary>Fewer visits (or occasions) than this say nothing about a preferred weekday (or hour).</summary>
    public const int MinimumObservationsForPreference = 3;

    /// <summary>
    /// A weekday or hour is preferred only with at least this share, about twice what seven evenly
    /// spread weekdays would give, and only when no other weekday or hour ties with it.
    /// </summary>
    public const decimal MinimumPreferenceShare = 0.30m;

    /// <summary>The share of a weekday's spend a category needs to be what the member "often buys" that day.</summary>
    public const decimal MinimumMainCategoryShare = 0.50m;

    /// <summary>
    /// Purchases weigh four times what browsing does in a favourite's <see cref="CategoryShare.Interest"/>: browsing can
    /// lift a category by at most 0.2, so it reorders only bought categories whose spend shares lie within 25 points of
    /// each other, and puts a category only looked at ahead of none with a quarter of the spend or more.
    /// </summary>
    public const decimal PurchaseWeight = 0.8m;

    public const decimal BrowseWeight = 0.2m;

    /// <summary>An add to cart says as much as this many views: it is one step from buying.</summary>
    public const int AddToCartWeight = 3;

    /// <summary>
    /// Spend shares are over itemised spend: basket lines, or the whole amount as uncategorised when a
    /// purchase has no lines. Browse shares are over weighted browsing (a view 1, an add to cart <see cref="AddToCartWeight"/>).
    /// Favourites are ranked by <see cref="CategoryShare.Interest"/>, so without browsing by spend alone, and without
    /// purchases by browsing alone. Categories are matched ignoring case and surrounding blanks and shown as first
    /// spelled, in purchases before browsing.
    /// </summary>
    /// <param name="browsing">What the member looked at, per category; none when null.</param>
    public static BehaviourProfile Of(PurchaseHistory history, IReadOnlyList<CategoryBrowsing>? browsing = null, int favouriteCount = DefaultFavouriteCount)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(favouriteCount);
        var purchases = history.Purchases;
        return new BehaviourProfile(
            history.DaysSinceLastPurchase,
            [.. CategoriesByInterest(purchases, browsing ?? []).Take(favouriteCount)],
            PreferredWeekdayOf(history),
            PreferredHourOf(history),
            history.TypicalIntervalDays,
            purchases.Count == 0 ? null : (decimal)purchases.Count(purchase => purchase.Discount > 0) / purchases.Count);
    }

    private static IEnumerable<CategoryShare> CategoriesBySpend(IEnumerable<PurchaseFact> purchases)
    {
        var lines = purchases.SelectMany(purchase => purchase.ItemisedSpend).ToArray();
        var total = lines.Sum(line => line.Amount);
        if (total == 0)
        {
            return [];
        }

        return lines
            .Where(line => !string.IsNullOrWhiteSpace(line.Category))
            .GroupBy(line => line.Category!.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(category => (Name: category.Key, Spend: category.Sum(line => line.Amount)))
            .Where(category => category.Spend > 0)
            .OrderByDescending(category => category.Spend)
            .ThenBy(category => category.Name, StringComparer.OrdinalIgnoreCase)
            .Select(category => new CategoryShare(category.Name, category.Spend, category.Spend / total));
    }

    private static IEnumerable<CategoryShare> CategoriesByInterest(IEnumerable<PurchaseFact> purchases, IReadOnlyList<CategoryBrowsing> browsing)
    {
        var browsed = browsing
            .Where(category => !string.IsNullOrWhiteSpace(category.Category))
            .GroupBy(category => category.Category.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(category => new CategoryBrowsing(category.Key, category.Sum(c => c.Views), category.Sum(c => c.AddsToCart)))
            .Where(category => Weight(category) > 0)
            .ToDictionary(category => category.Category, StringComparer.OrdinalIgnoreCase);
        var browseTotal = (decimal)browsed.Values.Sum(Weight);
        var bought = CategoriesBySpend(purchases).ToList();
        var boughtNames = bought.Select(category => category.Category).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var merged = bought
            .Select(category => browsed.TryGetValue(category.Category, out var seen) ? WithBrowsing(category, seen) : category)
            .Concat(browsed.Values.Where(seen => !boughtNames.Contains(seen.Category)).Select(seen => WithBrowsing(new CategoryShare(seen.Category, 0, 0), seen)));
        return merged
            .OrderByDescending(category => category.Interest)
            .ThenBy(category => category.Category, StringComparer.OrdinalIgnoreCase);

        CategoryShare WithBrowsing(CategoryShare category, CategoryBrowsing seen) =>
            category with { Views = seen.Views, AddsToCart = seen.AddsToCart, BrowseShare = Weight(seen) / browseTotal };
    }

    private static int Weight(CategoryBrowsing category) => category.Views + AddToCartWeight * category.AddsToCart;

    private static WeekdayPreference? PreferredWeekdayOf(PurchaseHistory history)
    {
        if (ClearMode(history.PurchaseDays.Select(day => day.DayOfWeek)) is not { } mode)
        {
            return null;
        }

        var (weekday, visits) = mode;
        var mainCategory = CategoriesBySpend(history.Purchases.Where(purchase => history.LocalDay(purchase).DayOfWeek == weekday))
            .FirstOrDefault(category => category.Share >= MinimumMainCategoryShare);
        return new WeekdayPreference(weekday, visits, history.PurchaseDays.Count, mainCategory?.Category);
    }

    private static HourPreference? PreferredHourOf(PurchaseHistory history)
    {
        var occasions = history.Purchases
            .Select(purchase => history.LocalTime(purchase.OccurredAt))
            .Select(local => (Day: DateOnly.FromDateTime(local), local.Hour))
            .Distinct()
            .ToArray();
        return ClearMode(occasions.Select(occasion => occasion.Hour)) is { } mode
            ? new HourPreference(mode.Value, mode.Count, occasions.Length)
            : null;
    }

    /// <summary>The most frequent value, when there are enough observations, it is frequent enough and nothing ties with it.</summary>
    private static (T Value, int Count)? ClearMode<T>(IEnumerable<T> observations)
        where T : struct
    {
        var counts = observations.CountBy(value => value).OrderByDescending(pair => pair.Value).ToArray();
        var total = counts.Sum(pair => pair.Value);
        if (total < MinimumObservationsForPreference)
        {
            return null;
        }

        var (mode, count) = counts[0];
        var tied = counts.Length > 1 && counts[1].Value == count;
        return tied || (decimal)count / total < MinimumPreferenceShare ? null : (mode, count);
    }
}
