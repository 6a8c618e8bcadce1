using OrleansLoyalty.Storage.Feed;
namespace OrleansLoyalty.Grains.Feed;

/// <summary>
/// One consumer's progress through the feed, from its checkpoint in PostgreSQL: read a batch up to the
/// safe high-water mark, hand it to the handler, then move the checkpoint with a compare-and-set. State in
/// memory is only a cache of the checkpoint, so a fresh instance (a new activation after a crash) resumes
/// exactly where the last completed batch ended.
/// </summary>
public sealed class FeedConsumption(ChangeFeedStore store, IFeedHandler handler, int batchSize = 500)
{
    private readonly FeedWatermark watermark = new();
    private long? checkpoint;

    public string Consumer => handler.Consumer;

    public long Checkpoint => checkpoint ?? 0;

    /// <summary>Handles up to <paramref name="maxBatches"/> batches; returns how many events were handed to the handler.</summary>
    /// <remarks>When the handler throws, the checkpoint stays: the same events come again on the next call.</remarks>
    public async Task<int> CatchUp(int maxBatches, CancellationToken cancellationToken = default)
    {
        checkpoint ??= await store.Checkpoint(Consumer, cancellationToken);
        var (safe, _) = await store.ProbeSafePosition(watermark, cancellationToken);
        var handled = 0;
        for (var i = 0; i < maxBatches && checkpoint < safe && !cancellationToken.IsCancellationRequested; i++)
        {
            var batch = await store.Read(checkpoint.Value, safe, batchSize, cancellationToken);
            if (batch.Count > 0) await handler.Handle(batch, cancellationToken);
            // A short batch read everything up to the safe mark: the checkpoint may pass the gaps after it too.
            var handledUpTo = batch.Count < batchSize ? safe : batch[^1].Position;
            if (!await store.TryAdvance(Consumer, checkpoint.Value, handledUpTo, cancellationToken))
            {
                // Another instance moved it (a duplicate activation): go on from wherever it is now.
                checkpoint = null;
                throw new FeedCheckpointMovedException(Consumer);
            }
            checkpoint = handledUpTo;
            handled += batch.Count;
        }
        FeedMetrics.RecordLag(Consumer, safe - checkpoint.Value);
        return handled;
    }
}

public sealed class FeedCheckpointMovedException(string consumer)
    : Exception($"The checkpoint of feed consumer '{consumer}' was moved by another instance; it is re-read.");
