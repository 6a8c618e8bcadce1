namespace OrleansLoyalty.Domain.Personalization;

/// <summary>
/// A member's purchases as of one moment, read in the member's time zone. RFM, lifecycle and behaviour
/// are all computed from this one view, so they agree on what a purchase day is and on what has happened.
/// </summary>
public sealed class PurchaseHistory
{
    /// <summary>A typical interval needs at least this many purchase days: a single gap is an anecdote, not a habit.</summary>
    public const int MinimumPurchaseDaysForTypicalInterval = 3;

    private PurchaseHistory(DateTimeOffset asOf, TimeZoneInfo timeZone, IReadOnlyList<PurchaseFact> purchases)
    {
        AsOf = asOf;
        TimeZone = timeZone;
        Today = LocalDay(asOf);
        Purchases = purchases;
        PurchaseDays = [.. purchases.Select(purchase => LocalDay(purchase.OccurredAt)).Distinct()];
        TypicalIntervalDays = PurchaseDays.Count < MinimumPurchaseDaysForTypicalInterval
            ? null
            : Median([.. PurchaseDays.Zip(PurchaseDays.Skip(1), (earlier, later) => later.DayNumber - earlier.DayNumber)]);
    }

    /// <summary>
    /// The history as of <paramref name="asOf"/>: purchases after it are ignored (they have not happened
    /// yet from that point of view), and days are calendar days in <paramref name="timeZone"/> (UTC when null).
    /// </summary>
    public static PurchaseHistory Of(IEnumerable<PurchaseFact> facts, DateTimeOffset asOf, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new PurchaseHistory(asOf, timeZone ?? TimeZoneInfo.Utc, [.. facts.Where(fact => fact.OccurredAt <= asOf).OrderBy(fact => fact.OccurredAt)]);
    }

    public DateTimeOffset AsOf { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>The member's calendar day at <see cref="AsOf"/>.</summary>
    public DateOnly Today { get; }

    /// <summary>Purchases up to <see cref="AsOf"/>, oldest first.</summary>
    public IReadOnlyList<PurchaseFact> Purchases { get; }

    /// <summary>
    /// Distinct local calendar days with a purchase, oldest first. Several tills on one day are one
    /// visit, as in the prediction models' calibration summaries.
    /// </summary>
    public IReadOnlyList<DateOnly> PurchaseDays { get; }

    /// <summary>Calendar days from the last purchase day to <see cref="Today"/>; null without purchases.</summary>
    public int? DaysSinceLastPurchase => PurchaseDays.Count == 0 ? null : Today.DayNumber - PurchaseDays[^1].DayNumber;

    /// <summary>
    /// The median gap in days between consecutive purchase days: the median, so one long holiday does not
    /// make a weekly shopper look monthly. Null below <see cref="MinimumPurchaseDaysForTypicalInterval"/> days.
    /// </summary>
    public double? TypicalIntervalDays { get; }

    public DateTime LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    public DateOnly LocalDay(PurchaseFact purchase) => LocalDay(purchase.OccurredAt);

    private DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(LocalTime(instant));

    private static double Median(int[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }
}
