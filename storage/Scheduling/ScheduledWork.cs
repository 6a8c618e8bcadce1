namespace OrleansLoyalty.Storage.Scheduling;

public static class DueWorkShards
{
    /// <summary>Must equal the modulus in db/migrations/0104-due-work.sql (due_work_shard).</summary>
    public const int Count = 8;
}

/// <summary>
/// Work an append schedules in its own statement: the row lands if and only if the event does. Its key is the member id,
/// followed by <see cref="KeySuffix"/> when the member may have several items of the kind pending (one per due time).
/// </summary>
public sealed record ScheduledWork(string Kind, DateTimeOffset DueAt, string KeySuffix = "");
