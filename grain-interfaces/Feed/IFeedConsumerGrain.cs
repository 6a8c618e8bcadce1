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

}
