using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Personalization;

[Collection(ClusterCollection.Name)]
public sealed class SegmentRefreshTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_member_who_went_quiet_moves_to_inactive_in_the_segment_index_without_any_event_of_their_own()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var longAgo = DateTimeOffset.UtcNow.AddDays(-200);
        await Cluster.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(Commands.Purchase("long-ago", 25m) with { OccurredAt = longAgo });
        await IndexedStage(memberId, "inactive");

        // Play the index as it was when the member had just bought, a while ago: nothing has happened since.
        await Cluster.Database.ScalarAsync(
            "WITH stale AS (UPDATE member_segments SET stage = 'first_purchase', updated_at = now() - interval '2 days' WHERE member_id = $1 RETURNING 1) SELECT count(*) FROM stale",
            memberId);
        var refreshed = await Cluster.Client.GetGrain<ISegmentRefreshGrain>(ISegmentRefreshGrain.Key).RefreshStale(10_000);

        Assert.True(refreshed >= 1);
        await IndexedStage(memberId, "inactive");
    }

    private Task IndexedStage(string memberId, string stage) => Eventually.Succeeds(async () =>
        await Cluster.Database.ScalarAsync("SELECT count(*) FROM member_segments WHERE member_id = $1 AND stage = $2 AND updated_at > now() - interval '1 minute'", memberId, stage) == 1
            ? true
            : throw new InvalidOperationException($"{memberId} is not indexed as {stage} yet"),
        TimeSpan.FromSeconds(10), $"the index entry '{stage}'");
}
