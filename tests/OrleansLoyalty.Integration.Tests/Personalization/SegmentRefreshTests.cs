using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Personalization;

/// <summary>Members who go quiet move along their lifecycle through their own scheduled re-evaluation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SegmentRefreshTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_purchase_schedules_the_members_re_evaluation_in_the_same_statement()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        Assert.Equal(0, await DueRefreshes(memberId));

        await Cluster.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(Commands.Purchase("buy", 25m));

        Assert.Equal(1, await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM due_work WHERE kind = 'segment-refresh' AND key = $1 AND due_at BETWEEN now() + interval '23 hours' AND now() + interval '25 hours'", memberId));
    }

    [Fact]
    public async Task A_member_who_went_quiet_moves_to_inactive_in_the_segment_index_without_any_event_of_their_own()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        await Cluster.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(Commands.Purchase("long-ago", 25m) with { OccurredAt = DateTimeOffset.UtcNow.AddDays(-200) });
        await IndexedStage(memberId, "inactive");

        // Play the index as it was when the member had just bought, a while ago, and let its re-evaluation fall due.
        await Cluster.Database.ScalarAsync(
            "WITH stale AS (UPDATE member_segments SET stage = 'first_purchase', updated_at = now() - interval '2 days' WHERE member_id = $1 RETURNING 1) SELECT count(*) FROM stale", memberId);
        await Cluster.Database.ScalarAsync("WITH due AS (UPDATE due_work SET due_at = now() WHERE key = $1 RETURNING 1) SELECT count(*) FROM due", memberId);

        await IndexedStage(memberId, "inactive");
        // An inactive member can still lapse with time: it scheduled its next look itself.
        await Eventually.Holds(async () => await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM due_work WHERE key = $1 AND due_at > now() + interval '23 hours'", memberId) == 1,
            TimeSpan.FromSeconds(10), "the next re-evaluation");
    }

    private Task<long> DueRefreshes(string memberId) =>
        Cluster.Database.ScalarAsync("SELECT count(*) FROM due_work WHERE kind = 'segment-refresh' AND key = $1", memberId);

    private Task IndexedStage(string memberId, string stage) => Eventually.Holds(async () =>
        await Cluster.Database.ScalarAsync("SELECT count(*) FROM member_segments WHERE member_id = $1 AND stage = $2 AND updated_at > now() - interval '1 minute'", memberId, stage) == 1,
        TimeSpan.FromSeconds(10), $"the index entry '{stage}'");
}
