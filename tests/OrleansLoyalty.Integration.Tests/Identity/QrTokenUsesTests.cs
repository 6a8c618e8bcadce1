using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.Grains.Identity;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>The record of used QR tokens: first use wins, and uses are forgotten only well after their token expired.</summary>
[Collection(ClusterCollection.Name)]
public sealed class QrTokenUsesTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    private IQrTokenUsesGrain Uses => Cluster.Client.GetGrain<IQrTokenUsesGrain>(0);

    [Fact]
    public async Task Of_racing_uses_of_one_token_exactly_one_is_the_first()
    {
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..12]);

        var firsts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Uses.TryUse(id, DateTimeOffset.UtcNow.AddMinutes(1))));

        Assert.Single(firsts, first => first);
    }

    [Fact]
    public async Task The_purge_forgets_only_uses_of_tokens_expired_long_enough_ago_and_comes_back()
    {
        var now = DateTimeOffset.UtcNow;
        var (longExpired, justExpired, live) = (NewId(), NewId(), NewId());
        await Uses.TryUse(longExpired, now - QrTokenUsesGrain.KeptAfterExpiry - TimeSpan.FromMinutes(1));
        await Uses.TryUse(justExpired, now - TimeSpan.FromSeconds(5));
        await Uses.TryUse(live, now + TimeSpan.FromSeconds(30));

        var outcome = await Uses.RunDueWork(new DueWorkItem(0, DueWorkKinds.QrTokenPurge, DueWorkKinds.QrTokenPurgeKey, now, 0));

        Assert.Equal(0, await Kept(longExpired));
        Assert.Equal(1, await Kept(justExpired));
        Assert.Equal(1, await Kept(live));
        Assert.InRange(outcome.NextDueAt!.Value - now, DueWorkKinds.QrTokenPurgeInterval, DueWorkKinds.QrTokenPurgeInterval + TimeSpan.FromMinutes(1));
        // A silo schedules the first round when it starts.
        Assert.Equal(1, await Cluster.Database.ScalarAsync("SELECT count(*) FROM due_work WHERE kind = $1 AND key = $2", DueWorkKinds.QrTokenPurge, DueWorkKinds.QrTokenPurgeKey));
    }

    private static string NewId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..12]);

    private Task<long> Kept(string id) => Cluster.Database.ScalarAsync("SELECT count(*) FROM qr_token_uses WHERE token_id = $1", id);
}
