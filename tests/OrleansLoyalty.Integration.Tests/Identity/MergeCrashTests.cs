using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>
/// A merge is durable steps: kill -9 of the silo while merges are half done (a member closed, points not yet moved, or
/// moved but not completed), under purchase and redemption load, and after restart every merge finishes on its own
/// (the scheduler resumes it) and every acknowledged point is where it should be.
/// </summary>
public sealed class MergeCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PairsPerRound = 16;
    private const int MaxRounds = 4;
    private const int Touchpoints = 4;
    private static readonly TimeSpan SiloReadyWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FinishedWithin = TimeSpan.FromSeconds(60);

    private const string UnfinishedMerges = "SELECT count(*) FROM member_merges WHERE status IN ('closing', 'applied')";

    private SiloProcessCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await SiloProcessCluster.CreateAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task After_kill_9_in_the_middle_of_merges_every_merge_finishes_and_no_point_is_lost()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Log(string line) => output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0}s {line}");
        try
        {
            Log($"silo ready in {(await cluster.StartSiloAsync(SiloReadyWithin)).TotalSeconds:0.0}s");
            var client = await cluster.ConnectClientAsync();
            var traffic = new MergeTraffic(client, cluster.Database);
            var everyone = new List<string>();
            var random = new Random(Random.Shared.Next());
            long caughtMidway = 0;
            for (var round = 1; round <= MaxRounds && caughtMidway == 0; round++)
            {
                var members = await MergeTraffic.Enrol(client, 2 * PairsPerRound);
                everyone.AddRange(members);
                foreach (var member in members) await traffic.Purchase(member, 40);

                var load = Task.WhenAll(Enumerable.Range(0, Touchpoints).Select(_ => Task.Run(() => traffic.Run(members, 60, new Random(random.Next())))));
                var merges = Task.WhenAll(Enumerable.Range(0, PairsPerRound).Select(p => traffic.Merge(members[2 * p], members[2 * p + 1])));

                // Kill the silo the moment some merge is between its steps; the database then holds it half done.
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
                while (await cluster.Database.ScalarAsync(UnfinishedMerges) == 0 && !merges.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(1);
                cluster.KillSilo();
                caughtMidway = await cluster.Database.ScalarAsync(UnfinishedMerges);
                Log($"round {round}: SIGKILL with {caughtMidway} merges half done, "
                    + $"{await cluster.Database.ScalarAsync("SELECT count(*) FROM member_merges WHERE status = 'completed'")} completed");

                Log($"silo ready again in {(await cluster.StartSiloAsync(SiloReadyWithin)).TotalSeconds:0.0}s");
                // The interrupted merges finish on their own, before any client asks again.
                await Eventually.Holds(async () => await cluster.Database.ScalarAsync(UnfinishedMerges) == 0, FinishedWithin, "the interrupted merges finishing");
                await load;
                Assert.All(await merges, r => Assert.Equal(MergeOutcome.Merged, r.Outcome));
                Log($"round {round}: {traffic.Commands} commands settled so far, {traffic.Retried} sends repeated");
            }
            Assert.True(caughtMidway > 0, $"no kill fell between a merge's steps in {MaxRounds} rounds");

            await traffic.AssertConserved(everyone);
            Log("every acknowledged point accounted for");
        }
        catch
        {
            output.WriteLine(cluster.LogTail());
            throw;
        }
    }
}
