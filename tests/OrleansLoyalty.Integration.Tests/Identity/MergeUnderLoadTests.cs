using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>Merges while both members of each pair take purchases and redemptions: no point doubled or lost.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MergeUnderLoadTests(ClusterFixture fixture)
{
    private const int Pairs = 10;
    private const int Touchpoints = 6;
    private const int CommandsPerTouchpoint = 120;

    [Fact]
    public async Task Merges_under_concurrent_purchases_and_redemptions_conserve_every_acknowledged_point()
    {
        var grains = fixture.Cluster.Client;
        var traffic = new MergeTraffic(grains, fixture.Cluster.Database);
        var members = await MergeTraffic.Enrol(grains, 2 * Pairs);
        foreach (var member in members) await traffic.Purchase(member, 50);
        var random = new Random(Random.Shared.Next());

        var load = Task.WhenAll(Enumerable.Range(0, Touchpoints).Select(i => Task.Run(() => traffic.Run(members, CommandsPerTouchpoint, new Random(random.Next())))));
        // Pairs merge while the load runs; half of them chain on (the survivor of one pair is absorbed by the next).
        var merges = Task.Run(async () =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, Pairs).Select(p => traffic.Merge(members[2 * p], members[2 * p + 1])));
            var chained = await Task.WhenAll(Enumerable.Range(0, Pairs / 2).Select(p => traffic.Merge(members[4 * p + 2], members[4 * p])));
            return results.Concat(chained).ToList();
        });
        await load;
        var outcomes = await merges;

        Assert.All(outcomes, r => Assert.Equal(MergeOutcome.Merged, r.Outcome));
        await traffic.AssertConserved(members);

        // Feed consumers go on past the merges: the segment index drops the members merged away and keeps the survivors.
        var absorbed = Enumerable.Range(0, Pairs).Select(p => members[2 * p + 1]).Concat(Enumerable.Range(0, Pairs / 2).Select(p => members[4 * p])).ToArray();
        var survivors = members.Except(absorbed).ToArray();
        await Eventually.Holds(async () =>
            await fixture.Cluster.Database.ScalarAsync("SELECT count(*) FROM member_segments WHERE member_id = ANY($1)", (object)absorbed) == 0
            && await fixture.Cluster.Database.ScalarAsync("SELECT count(*) FROM member_segments WHERE member_id = ANY($1)", (object)survivors) == survivors.Length,
            TimeSpan.FromSeconds(20), "the segment index following the merges");
    }
}
