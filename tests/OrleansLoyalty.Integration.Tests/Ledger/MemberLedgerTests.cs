using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Ledger;

[Collection(ClusterCollection.Name)]
public sealed class MemberLedgerTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Earning_and_redeeming_move_the_balance_and_are_committed_to_the_ledger()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);

        var purchase = await member.RecordPurchase(Commands.Purchase("p-1", 42.50m));
        var redemption = await member.Redeem(Commands.Redeem("r-1", 40));

        Assert.Equal((CommandStatus.Applied, 42, 42), (purchase.Status, purchase.PointsEarned, purchase.PointsBalance));
        Assert.Equal((CommandStatus.Applied, 40, 2), (redemption.Status, redemption.PointsRedeemed, redemption.PointsBalance));
        Assert.Equal(3, await Cluster.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1", memberId));
        var ledger = await member.GetLedger(before: null, limit: 10);
        Assert.Equal(["redeem", "earn"], ledger!.Entries.Select(e => e.Type));
        Assert.Equal([2, 42], ledger.Entries.Select(e => e.BalanceAfter));
    }

    [Fact]
    public async Task A_retried_purchase_is_applied_once_even_after_the_member_was_deactivated()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);
        var first = await member.RecordPurchase(Commands.Purchase("pos-17-000123", 42.50m));

        await Cluster.Cluster.DeactivateAsync(member);
        await Cluster.Cluster.WaitForDeactivationAsync(member);
        var retry = await member.RecordPurchase(Commands.Purchase("pos-17-000123", 42.5m));
        var reuse = await member.RecordPurchase(Commands.Purchase("pos-17-000123", 99m));

        Assert.Equal(CommandStatus.Applied, first.Status);
        Assert.Equal((CommandStatus.Replayed, 42, 42), (retry.Status, retry.PointsEarned, retry.PointsBalance));
        Assert.Equal(CommandStatus.IdempotencyKeyConflict, reuse.Status);
        Assert.Equal(42, (await member.GetWallet())!.PointsBalance);
    }

    [Fact]
    public async Task Fifty_concurrent_redemptions_of_ten_against_one_hundred_points_leave_exactly_ten_successes_and_zero()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client, startingPurchase: 100);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => member.Redeem(Commands.Redeem($"r-{i}", 10))));

        Assert.Equal(10, results.Count(r => r.Status == CommandStatus.Applied));
        Assert.Equal(40, results.Count(r => r.Status == CommandStatus.InsufficientPoints));
        Assert.Equal(0, (await member.GetWallet())!.PointsBalance);
        Assert.Equal(10, await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type = 'redeemed'", memberId));
    }

    [Fact]
    public async Task Redeeming_more_than_the_balance_is_refused_and_changes_nothing()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client, startingPurchase: 30);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);

        var result = await member.Redeem(Commands.Redeem("too-much", 31));

        Assert.Equal((CommandStatus.InsufficientPoints, 30), (result.Status, result.PointsBalance));
        Assert.Equal(2, await Cluster.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1", memberId));
    }

    [Fact]
    public async Task Commands_for_a_member_that_was_never_enrolled_are_refused_without_writing()
    {
        var member = Cluster.Client.GetGrain<IMemberGrain>(MemberId.New());

        var result = await member.RecordPurchase(Commands.Purchase("p", 10));

        Assert.Equal(CommandStatus.MemberNotFound, result.Status);
        Assert.Null(await member.GetWallet());
        Assert.Equal(0, await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM member_events WHERE member_id = $1", member.GetPrimaryKeyString()));
    }
}
