using Microsoft.Extensions.Logging;
using OrleansLoyalty.GrainInterfaces.Feed;
using OrleansLoyalty.Storage.Feed;

namespace OrleansLoyalty.Grains.Feed;

/// <summary>
/// Runs one feed consumer: polls for events past its checkpoint up to the safe high-water mark, hands them
/// to its handler, then moves the checkpoint with a compare-and-set, so a second activation (during a
/// partition) cannot move it backwards or skip a batch. A reminder revives the grain after a silo dies.
/// </summary>
public sealed class FeedConsumerGrain(ChangeFeedStore store, IEnumerable<IFeedHandler> handlers, ILogger<FeedConsumerGrain> logger)
    : Grain, IFeedConsumerGrain, IRemindable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private const int MaxBatchesPerTick = 20;
    private static readonly TimeSpan ReviveInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private FeedConsumption consumption = null!;
    private int failures;
    private DateTime retryAfter = DateTime.MinValue;

    private string Consumer => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var handler = handlers.SingleOrDefault(h => h.Consumer == Consumer)
            ?? throw new InvalidOperationException($"No feed handler is registered for the consumer '{Consumer}'.");
        consumption = new FeedConsumption(store, handler);
        this.RegisterGrainTimer(Poll, new GrainTimerCreationOptions(PollInterval, PollInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task EnsureRunning() => this.RegisterOrUpdateReminder("keep-consuming", ReviveInterval, ReviveInterval);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task Poll(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow < retryAfter) return;
        try
        {
            await consumption.CatchUp(MaxBatchesPerTick, cancellationToken);
            failures = 0;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            failures++;
            var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, PollInterval.TotalMilliseconds * (1 << Math.Min(failures, 10))));
            retryAfter = DateTime.UtcNow + backoff;
            logger.LogError(e, "Feed consumer {Consumer} failed at checkpoint {Checkpoint} (attempt {Attempt}); retrying in {Backoff}",
                Consumer, consumption.Checkpoint, failures, backoff);
        }
    }
}
