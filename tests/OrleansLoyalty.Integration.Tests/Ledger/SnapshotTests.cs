using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Grains.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Integration.Tests.Ledger;

/// <summary>Snapshots make activation cheap and are only an optimisation; memory holds a bounded set of keys, and older ones are still exactly-once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SnapshotTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    private MemberEventStore Store => new(Cluster.Database.DataSource);

    [Fact]
    public async Task A_busy_member_gets_a_snapshot_and_deleting_it_changes_nothing_but_speed()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);
        for (var i = 0; i < MemberGrain.SnapshotEvery + 5; i++)
        {
            Assert.Equal(CommandStatus.Applied, (await member.RecordPurchase(Commands.Purchase($"buy-{i}", 3m))).Status);
        }
        await Eventually.Holds(async () => await Cluster.Database.ScalarAsync("SELECT count(*) FROM member_snapshots WHERE member_id = $1", memberId) == 1, TimeSpan.FromSeconds(10), "the snapshot");

        var fromSnapshot = (await Store.Load(memberId)).ToSnapshot();
        var fromStart = (await Store.LoadFromStart(memberId)).ToSnapshot();
        await Cluster.Database.ScalarAsync("WITH d AS (DELETE FROM member_snapshots WHERE member_id = $1 RETURNING 1) SELECT count(*) FROM d", memberId);
        var withoutSnapshot = (await Store.Load(memberId)).ToSnapshot();

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fromStart), System.Text.Json.JsonSerializer.Serialize(fromSnapshot));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fromStart), System.Text.Json.JsonSerializer.Serialize(withoutSnapshot));
        Assert.Equal(3L * (MemberGrain.SnapshotEvery + 5), (await member.GetWallet())!.PointsBalance);
        var page = await member.GetLedger(before: null, limit: 2);
        Assert.Equal([MemberGrain.SnapshotEvery + 6, MemberGrain.SnapshotEvery + 5], page!.Entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_retry_of_a_request_older_than_the_remembered_keys_is_still_answered_as_a_replay()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);
        var first = await member.RecordPurchase(Commands.Purchase("first", 40m));
        // Enough later requests that the account no longer remembers the first key.
        for (var i = 0; i < Domain.Ledger.MemberAccount.MaxRememberedKeys + 10; i++)
        {
            Assert.Equal(CommandStatus.Applied, (await member.Adjust(new AdjustPointsCommand($"a-{i}", 1, "goodwill", "test"))).Status);
        }

        var retry = await member.RecordPurchase(Commands.Purchase("first", 40m));
        var reuse = await member.RecordPurchase(Commands.Purchase("first", 41m));

        Assert.Equal((CommandStatus.Replayed, first.PointsEarned), (retry.Status, retry.PointsEarned));
        Assert.Equal(CommandStatus.IdempotencyKeyConflict, reuse.Status);
        Assert.Equal(1, await Cluster.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1 AND idempotency_key = 'first'", memberId));
    }
}
