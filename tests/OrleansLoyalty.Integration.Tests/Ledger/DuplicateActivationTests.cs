using Microsoft.Extensions.Logging.Abstractions;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Integration.Tests.Ledger;

/// <summary>
/// A second activation of a member (as during a silo failure, before the directory settles) writes to
/// the same stream as the first. These tests play that second activation with a second event store.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DuplicateActivationTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Two_writers_appending_at_the_same_version_cannot_both_commit()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client, startingPurchase: 100);
        var store = new MemberEventStore(Cluster.Database.DataSource);
        var version = (await store.Load(memberId)).Version;

        var outcomes = await Task.WhenAll(
            store.TryAppend(memberId, version, [Redemption("writer-a", 100)]),
            store.TryAppend(memberId, version, [Redemption("writer-b", 100)]));

        Assert.Single(outcomes, appended => appended);
        var account = await store.Load(memberId);
        Assert.Equal((version + 1, 0), (account.Version, account.PointsBalance));
    }

    [Fact]
    public async Task Appends_racing_for_one_version_in_the_same_group_commit_land_exactly_once()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client, startingPurchase: 100);
        var version = (await new MemberEventStore(Cluster.Database.DataSource).Load(memberId)).Version;
        await using var writer = new GroupCommitWriter(Cluster.Database.DataSource, NullLogger<GroupCommitWriter>.Instance);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => writer.Append(memberId, version + 1, Redemption($"racer-{i}", 100))));

        Assert.Single(outcomes, outcome => outcome == AppendOutcome.Appended);
        Assert.All(outcomes.Where(outcome => outcome != AppendOutcome.Appended), outcome => Assert.Equal(AppendOutcome.VersionTaken, outcome));
        var account = await new MemberEventStore(Cluster.Database.DataSource).Load(memberId);
        Assert.Equal((version + 1, 0), (account.Version, account.PointsBalance));
    }

    [Fact]
    public async Task An_activation_with_a_stale_view_rereads_instead_of_overdrawing()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client, startingPurchase: 100);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);
        Assert.Equal(100, (await member.GetWallet())!.PointsBalance);

        // The "other activation" spends everything behind the active grain's back.
        var store = new MemberEventStore(Cluster.Database.DataSource);
        var version = (await store.Load(memberId)).Version;
        Assert.True(await store.TryAppend(memberId, version, [Redemption("elsewhere", 100)]));

        var stale = await member.Redeem(Commands.Redeem("here", 100));

        Assert.Equal((CommandStatus.InsufficientPoints, 0), (stale.Status, stale.PointsBalance));
        var account = await store.Load(memberId);
        Assert.Equal(0, account.PointsBalance);
        Assert.Single((await store.StatementPage(memberId, before: null, limit: 100)).Lines, e => e.Type == LedgerEntryType.Redeem);
    }

    [Fact]
    public async Task A_command_already_committed_by_another_activation_is_answered_as_a_replay()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client, startingPurchase: 100);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);
        await member.GetWallet();
        var command = Commands.Redeem("same-key", 30);

        var store = new MemberEventStore(Cluster.Database.DataSource);
        var version = (await store.Load(memberId)).Version;
        var fingerprint = CommandFingerprint.Of("redeem", command.Points, command.Reason, command.Channel);
        Assert.True(await store.TryAppend(memberId, version, [new PointsRedeemed(DateTimeOffset.UtcNow, command.IdempotencyKey, fingerprint, 30, command.Reason, command.Channel)]));

        var result = await member.Redeem(command);

        Assert.Equal((CommandStatus.Replayed, 70), (result.Status, result.PointsBalance));
        Assert.Equal(70, (await store.Load(memberId)).PointsBalance);
    }

    private static PointsRedeemed Redemption(string key, long points) =>
        new(DateTimeOffset.UtcNow, key, CommandFingerprint.Of(key), points, "test", "pos");
}
