using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.Feed;
using OrleansLoyalty.Storage.Feed;

namespace OrleansLoyalty.Grains.Feed;

/// <summary>Serves pages of the feed from PostgreSQL up to the safe high-water mark; stateless, so every silo can.</summary>
[StatelessWorker]
public sealed class FeedGrain(ChangeFeedStore store, SafePositionTracker safePosition) : Grain, IFeedGrain
{
    public async Task<FeedPage> Read(long after, int limit)
    {
        var safe = await safePosition.Settled();
        var events = await store.Read(after, safe, limit);
        var nextAfter = events.Count < limit ? Math.Max(after, safe) : events[^1].Position;
        return new FeedPage([.. events.Select(PublicEvents.From)], nextAfter);
    }
}
