namespace OrleansLoyalty.Grains.Scheduling;

/// <summary>The kinds of timed work and the shard count, named once.</summary>
public static class DueWorkKinds
{
    /// <summary>A member re-evaluates its lifecycle stage and RFM cell, which can change with time alone.</summary>
    public const string SegmentRefresh = "segment-refresh";

    /// <summary>How soon after a member's event, and then how often, its segment is re-evaluated.</summary>
    public static readonly TimeSpan SegmentRefreshInterval = TimeSpan.FromDays(1);
}

public static class DueWorkShards
{
    /// <summary>Must equal the modulus in db/migrations/0104-due-work.sql (due_work_shard).</summary>
    public const int Count = 8;
}

/// <summary>Work an append schedules in its own statement: the row lands if and only if the event does.</summary>
public sealed record ScheduledWork(string Kind, DateTimeOffset DueAt);
