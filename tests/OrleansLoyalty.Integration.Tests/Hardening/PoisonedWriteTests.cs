using Microsoft.Extensions.Logging.Abstractions;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Integration.Tests.Hardening;

/// <summary>
/// Text PostgreSQL cannot hold, should it ever get past the gateway, is refused for its own request only:
/// the other members' appends that share its group commit land, and its member stays healthy.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PoisonedWriteTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    /// <remarks>Lone surrogates cannot even reach the store: the wire between client and silo is UTF-8, where they become U+FFFD.</remarks>
    [Theory]
    [InlineData("store\u0000")]
    [InlineData("\u0000")]
    public async Task A_command_with_unstorable_text_is_rejected_alone_and_the_member_answers_next(string storeId)
    {
        var poisoned = await Commands.EnrolledMember(Cluster.Client);
        var healthy = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Commands.EnrolledMember(Cluster.Client)));
        var bad = Commands.Purchase("poison", 10m) with { StoreId = storeId };

        var outcomes = await Task.WhenAll(
            healthy.Select(id => Cluster.Client.GetGrain<IMemberGrain>(id).RecordPurchase(Commands.Purchase("fine", 10m)))
                .Append(Cluster.Client.GetGrain<IMemberGrain>(poisoned).RecordPurchase(bad)));

        Assert.Equal(CommandStatus.Rejected, outcomes[^1].Status);
        Assert.All(outcomes[..^1], outcome => Assert.Equal(CommandStatus.Applied, outcome.Status));
        var wallet = await Cluster.Client.GetGrain<IMemberGrain>(poisoned).GetWallet().WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(0, wallet!.PointsBalance);
        Assert.Equal(CommandStatus.Applied, (await Cluster.Client.GetGrain<IMemberGrain>(poisoned).RecordPurchase(Commands.Purchase("next", 5m))).Status);
    }

    [Fact]
    public async Task A_batch_the_database_refuses_is_written_row_by_row_and_every_caller_gets_its_own_answer()
    {
        var members = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Commands.EnrolledMember(Cluster.Client)));
        await using var writer = new GroupCommitWriter(Cluster.Database.DataSource, NullLogger<GroupCommitWriter>.Instance);

        // Version 0 violates the table's CHECK: PostgreSQL refuses the whole statement for this one row.
        var appends = members.Select((id, i) => writer.Append(id, i == 0 ? 0 : 2, Redemption($"batch-{i}"))).ToList();
        var outcomes = await Task.WhenAll(appends);

        Assert.Equal(AppendOutcome.Rejected, outcomes[0]);
        Assert.All(outcomes[1..], outcome => Assert.Equal(AppendOutcome.Appended, outcome));
    }

    [Fact]
    public async Task The_group_commit_tells_a_reused_key_from_a_lost_race()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client, startingPurchase: 50);
        var version = (await new MemberEventStore(Cluster.Database.DataSource).Load(memberId)).Version;
        await using var writer = new GroupCommitWriter(Cluster.Database.DataSource, NullLogger<GroupCommitWriter>.Instance);

        Assert.Equal(AppendOutcome.KeyTaken, await writer.Append(memberId, version + 1, Redemption("start-" + memberId)));
        Assert.Equal(AppendOutcome.VersionTaken, await writer.Append(memberId, version, Redemption("fresh-key")));
        Assert.Equal(AppendOutcome.Appended, await writer.Append(memberId, version + 1, Redemption("fresh-key")));
    }

    private static PointsRedeemed Redemption(string key) => new(DateTimeOffset.UtcNow, key, CommandFingerprint.Of(key), 0, "test", "pos");
}
