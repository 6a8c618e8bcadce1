using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Ledger;

/// <summary>Everything stops, a new cluster starts on the same database: what was acknowledged is all there is.</summary>
public sealed class ClusterRestartTests
{
    [Fact]
    public async Task After_a_full_restart_balances_are_intact_and_retries_are_still_answered_as_replays()
    {
        await using var database = await TestDatabase.CreateAsync();
        string memberId;
        PurchaseResult original;
        await using (var before = await LoyaltyTestCluster.StartAsync(silos: 1, database))
        {
            memberId = await Commands.EnrolledMember(before.Client);
            original = await before.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(Commands.Purchase("pos-9-000001", 120.99m));
            await before.Client.GetGrain<IMemberGrain>(memberId).Redeem(Commands.Redeem("redeem-1", 20));
        }

        await using var after = await LoyaltyTestCluster.StartAsync(silos: 1, database);
        var member = after.Client.GetGrain<IMemberGrain>(memberId);
        var retry = await member.RecordPurchase(Commands.Purchase("pos-9-000001", 120.99m));
        var reuse = await member.Redeem(Commands.Redeem("redeem-1", 25));

        Assert.Equal((CommandStatus.Replayed, original.PointsEarned, original.PointsBalance), (retry.Status, retry.PointsEarned, retry.PointsBalance));
        Assert.Equal(CommandStatus.IdempotencyKeyConflict, reuse.Status);
        Assert.Equal(100, (await member.GetWallet())!.PointsBalance);
    }
}
