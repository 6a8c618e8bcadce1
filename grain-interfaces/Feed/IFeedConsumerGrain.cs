using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Feed;

/// <summary>
/// One named consumer of the change feed, keyed by its name: it runs in exactly one activation in the
/// cluster, reads the feed in order from its checkpoint in PostgreSQL, hands each batch to its handler and
/// then moves the checkpoint, so every event is handled at least once and in order, also after a crash.
/// </summary>
[Alias("OrleansLoyalty.IFeedConsumerGrain")]
public interface IFeedConsumerGrain : IGrainWithStringKey
{
    /// <summary>Keeps the consumer running (a reminder brings it back after any failure); idempotent.</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunning();

    [ReadOnly]
    [Alias("GetStatus")]
    Task<FeedConsumerStatus> GetStatus();
}

/// <param name="Checkpoint">Every event at or below this position has been handled.</param>
/// <param name="SafePosition">The highest position known to be final when last looked.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.FeedConsumerStatus")]
public sealed record FeedConsumerStatus(
    [property: Id(0)] string Consumer,
    [property: Id(1)] long Checkpoint,
    [property: Id(2)] long SafePosition,
    [property: Id(3)] string? LastError);
