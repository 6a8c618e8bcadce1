namespace OrleansLoyalty.GrainInterfaces.Scheduling;

/// <summary>
/// One scheduler shard: owns the due_work rows of its shard, kept running by one reminder, and delivers
/// each item after its due time to the grain that owns it.
/// </summary>
[Alias("OrleansLoyalty.ISchedulerShardGrain")]
public interface ISchedulerShardGrain : IGrainWithIntegerKey
{
    [Alias("EnsureRunning")]
    Task EnsureRunning();
}

/// <summary>An item of timed work as delivered to its owner; <see cref="Id"/> is the same on every delivery of it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.DueWorkItem")]
public sealed record DueWorkItem(
    [property: Id(0)] long Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Key,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] int Attempts);

/// <summary>What the owner did: the item is done, or is to run again at <see cref="NextDueAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.DueWorkOutcome")]
public sealed record DueWorkOutcome([property: Id(0)] DateTimeOffset? NextDueAt)
{
    public static readonly DueWorkOutcome Done = new((DateTimeOffset?)null);
}
