namespace OrleansLoyalty.Domain.Tiers;

/// <summary>
/// When a member's tier is reviewed: on each anniversary of their enrolment (UTC, at the enrolment's time of day; a
/// 29 February enrolment has its anniversary on 28 February in other years), plus the program's grace days.
/// </summary>
public static class TierAnniversary
{
    /// <summary>The anniversary in <paramref name="year"/> of an enrolment at <paramref name="enrolledAt"/>.</summary>
    public static DateTimeOffset In(DateTimeOffset enrolledAt, int year)
    {
        var enrolled = enrolledAt.UtcDateTime;
        var day = Math.Min(enrolled.Day, DateTime.DaysInMonth(year, enrolled.Month));
        return new DateTimeOffset(year, enrolled.Month, day, 0, 0, 0, TimeSpan.Zero) + enrolled.TimeOfDay;
    }

    /// <summary>
    /// The latest anniversary whose review is due by <paramref name="now"/> (anniversary plus grace) and later than
    /// <paramref name="lastReviewed"/>; null when none is. Anniversaries missed while nothing ran are reviewed once, as the latest.
    /// </summary>
    public static DateTimeOffset? DueReview(DateTimeOffset enrolledAt, int graceDays, DateTimeOffset? lastReviewed, DateTimeOffset now)
    {
        for (var year = now.UtcDateTime.Year; year > enrolledAt.UtcDateTime.Year; year--)
        {
            var anniversary = In(enrolledAt, year);
            if (anniversary.AddDays(graceDays) > now) continue;
            return lastReviewed is { } last && anniversary <= last ? null : anniversary;
        }
        return null;
    }

    /// <summary>When the next review is due after <paramref name="after"/>: the first anniversary plus grace later than it.</summary>
    public static DateTimeOffset NextReviewAt(DateTimeOffset enrolledAt, int graceDays, DateTimeOffset after)
    {
        for (var year = Math.Max(enrolledAt.UtcDateTime.Year + 1, after.UtcDateTime.Year - 1); ; year++)
        {
            var due = In(enrolledAt, year).AddDays(graceDays);
            if (due > after) return due;
        }
    }
}
