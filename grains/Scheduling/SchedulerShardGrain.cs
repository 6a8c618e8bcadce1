using Microsoft.Extensions.Logging;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.Storage.Scheduling;

namespace OrleansLoyalty.Grains.Scheduling;

/// <summary>
/// Runs the due work of one shard: polls every <see cref="PollInterval"/>, so work is late by about that
/// much while the cluster is up, and catches up on everything overdue after a stop. One reminder per shard
/// (not per member: each silo re-reads every reminder row at each refresh) brings it back after a failure.
/// </summary>
public sealed class SchedulerShardGrain(DueWorkStore store, TimeProvider time, ILogger<SchedulerShardGrain> logger) : Grain, ISchedulerShardGrain, IRemindable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private const int ItemsPerClaim = 200;
    private const int ClaimsPerTick = 10;
    private const int ConcurrentDeliveries = 32;
    private static readonly TimeSpan ReviveInterval = TimeSpan.FromMinutes(1);

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(Poll, new GrainTimerCreationOptions(PollInterval, PollInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task EnsureRunning() => this.RegisterOrUpdateReminder("keep-scheduling", ReviveInterval, ReviveInterval);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task Poll(CancellationToken cancellationToken)
    {
        try
        {
            for (var claim = 0; claim < ClaimsPerTick && !cancellationToken.IsCancellationRequested; claim++)
            {
                if (await store.RunDue(Shard, ItemsPerClaim, Deliver, cancellationToken) < ItemsPerClaim) return;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Scheduler shard {Shard} could not run its due work; retrying next tick", Shard);
        }
    }

    private async Task<IReadOnlyList<DueWorkOutcome?>> Deliver(IReadOnlyList<DueWorkItem> items)
    {
        var outcomes = new DueWorkOutcome?[items.Count];
        foreach (var chunk in Enumerable.Range(0, items.Count).Chunk(ConcurrentDeliveries))
        {
            await Task.WhenAll(chunk.Select(async i => outcomes[i] = await DeliverOne(items[i])));
        }
        return outcomes;
    }

    private async Task<DueWorkOutcome?> DeliverOne(DueWorkItem item)
    {
        try
        {
            return item.Kind switch
            {
                DueWorkKinds.SegmentRefresh => await GrainFactory.GetGrain<IMemberGrain>(item.Key).RunDueWork(item),
                DueWorkKinds.PointsLots or DueWorkKinds.MembershipLapse => await GrainFactory.GetGrain<IMemberGrain>(DueWorkKinds.DueSecondMember(item.Key)).RunDueWork(item),
                DueWorkKinds.ChallengeCheck => await GrainFactory.GetGrain<IMemberGrain>(DueWorkKinds.ChallengeCheckMember(item.Key)).RunDueWork(item),
                DueWorkKinds.TierReview => await GrainFactory.GetGrain<IMemberGrain>(DueWorkKinds.TierReviewMember(item.Key)).RunDueWork(item),
                DueWorkKinds.MergeResume => await GrainFactory.GetGrain<IMergeGrain>(item.Key).Resume()
                    ? DueWorkOutcome.Done
                    : new DueWorkOutcome(time.GetUtcNow() + DueWorkKinds.MergeRetryInterval),
                DueWorkKinds.QrTokenPurge => await GrainFactory.GetGrain<IQrTokenUsesGrain>(0).RunDueWork(item),
                DueWorkKinds.AnonymousProfileExpiry => await GrainFactory.GetGrain<IBehaviourEventsGrain>(0).RunDueWork(item),
                // A kind this version does not know (written by a newer silo in a rolling upgrade): later.
                _ => null,
            };
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Due work {Kind} {Id} for {Key} failed (attempt {Attempt})", item.Kind, item.Id, item.Key, item.Attempts + 1);
            return null;
        }
    }
}
