using Microsoft.Extensions.Logging;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Grains.Personalization;

/// <summary>
/// Every <see cref="Period"/>, asks the members whose segment entry is older than a day to re-evaluate
/// themselves, a bounded number at a time, so "inactive", "churn_risk" and "lapsed" fill up as members
/// go quiet. The schedule is an Orleans reminder in PostgreSQL: it survives restarts and silo failures.
/// </summary>
public sealed class SegmentRefreshGrain(SegmentStore store, ILogger<SegmentRefreshGrain> logger) : Grain, ISegmentRefreshGrain, IRemindable
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);
    private const string ReminderName = "refresh-quiet-members";
    private const int MembersPerRun = 10_000;
    private const int ConcurrentRefreshes = 16;

    public Task EnsureScheduled() => this.RegisterOrUpdateReminder(ReminderName, Period, Period);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var refreshed = await RefreshStale(MembersPerRun);
        logger.LogInformation("Re-evaluated the segments of {Count} quiet members", refreshed);
    }

    public async Task<int> RefreshStale(int maxMembers)
    {
        var members = await store.StaleMembers(maxMembers);
        // In chunks on the grain's own scheduler: bounded load on the cluster, and grain calls stay in context.
        foreach (var chunk in members.Chunk(ConcurrentRefreshes))
        {
            var segments = await MemberSegments.Of(GrainFactory, chunk);
            await store.Upsert(segments);
        }
        return members.Count;
    }
}
