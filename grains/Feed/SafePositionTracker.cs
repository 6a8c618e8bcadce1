using OrleansLoyalty.Storage.Feed;
namespace OrleansLoyalty.Grains.Feed;

/// <summary>
/// This silo's view of the feed's safe high-water mark, shared by every reader on the silo so each probe
/// moves it on for all. A reader asking right after a burst of writes waits a few milliseconds for the
/// transactions it saw running to end, rather than getting an empty page.
/// </summary>
public sealed class SafePositionTracker(ChangeFeedStore store)
{
    private static readonly TimeSpan SettleStep = TimeSpan.FromMilliseconds(5);
    private const int MaxSettleSteps = 40;

    private readonly FeedWatermark watermark = new();
    private readonly SemaphoreSlim probing = new(1, 1);

    /// <summary>The safe position now, having let the writes in flight at the call settle (for up to ~200 ms).</summary>
    public async Task<long> Settled(CancellationToken cancellationToken = default)
    {
        await probing.WaitAsync(cancellationToken);
        try
        {
            var (safe, last) = await store.ProbeSafePosition(watermark, cancellationToken);
            for (var step = 0; safe < last && step < MaxSettleSteps; step++)
            {
                await Task.Delay(SettleStep, cancellationToken);
                (safe, _) = await store.ProbeSafePosition(watermark, cancellationToken);
            }
            return safe;
        }
        finally
        {
            probing.Release();
        }
    }
}
