namespace OrleansLoyalty.Storage.Scheduling;

public static class DueWorkShards
{
    /// <summary>Must equal the modulus in db/migrations/0104-due-work.sql (due_work_shard).</summary>
    public const int Count = 8;
}

/// <summary>Work an append schedules in its own statement: the row lands if and only if the event does.</summary>
public sealed record ScheduledWork(string Kind, DateTimeOffset DueAt);
