using OrleansLoyalty.Gateway.Problems;

namespace OrleansLoyalty.Gateway.Reporting;

/// <summary>A report's period: dates in UTC, both included (default the last 30 days up to today), as instants from the first day's start to the day after the last.</summary>
public sealed record ReportPeriod(DateOnly First, DateOnly Last)
{
    private const int MaxPeriodDays = 3_660;

    public DateTimeOffset Start => new(First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public DateTimeOffset End => new(Last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The period the query asks for; null when it is not one (the problem is noted in <paramref name="errors"/>).</summary>
    public static ReportPeriod? From(DateOnly? from, DateOnly? to, TimeProvider time, ValidationErrors errors)
    {
        var last = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = from ?? last.AddDays(-30);
        if (first > last) errors.Add("from", "must be on or before to.");
        else if (last.DayNumber - first.DayNumber > MaxPeriodDays) errors.Add("from", $"the period is at most {MaxPeriodDays} days.");
        return errors.Any ? null : new ReportPeriod(first, last);
    }
}
