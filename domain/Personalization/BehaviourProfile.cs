namespace OrleansLoyalty.Domain.Personalization;

/// <summary>A category and its share of the member's itemised spend.</summary>
public sealed record CategoryShare(string Category, decimal Spend, decimal Share);

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
/// <param name="FavouriteCategories">Highest spend first, ties by name; uncategorised spend is never a favourite.</param>
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
    /// Spend shares are over itemised spend: basket lines, or the whole amount as uncategorised when a
    /// purchase has no lines. Categories are matched ignoring case and surrounding blanks and shown as first spelled.
    /// </summary>
    public static BehaviourProfile Of(PurchaseHistory history, int favouriteCount = DefaultFavouriteCount)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(favouriteCount);
        var purchases = history.Purchases;
        return new BehaviourProfile(
            history.DaysSinceLastPurchase,
            [.. CategoriesBySpend(purchases).Take(favouriteCount)],
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
