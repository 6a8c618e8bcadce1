using System.Collections.Concurrent;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Integration.Tests.Ledger;

/// <summary>Kills a silo while purchases are in flight, then checks the ledger against every acknowledgement.</summary>
public sealed class SiloFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Members = 20;
    private const int Workers = 8;
    private const int PurchasesPerWorker = 60;
    private LoyaltyTestCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await LoyaltyTestCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Killing_a_silo_mid_load_loses_no_acknowledged_write()
    {
        var members = await Task.WhenAll(Enumerable.Range(0, Members).Select(_ => Commands.EnrolledMember(cluster.Client)));
        var acknowledged = new ConcurrentDictionary<string, (string MemberId, long Points)>();
        var unsettled = new ConcurrentQueue<(string MemberId, RecordPurchaseCommand Command)>();
        var attempted = 0;

        var load = Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < PurchasesPerWorker; i++)
            {
                var memberId = members[random.Next(members.Length)];
                var command = Commands.Purchase($"w{worker}-{i}", random.Next(1, 50));
                Interlocked.Increment(ref attempted);
                try
                {
                    var result = await cluster.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(command);
                    if (result.Status == CommandStatus.Unavailable) unsettled.Enqueue((memberId, command));
                    else acknowledged[command.IdempotencyKey] = (memberId, result.PointsEarned);
                }
                catch (Exception)
                {
                    // Outcome unknown: the write may or may not have committed. A client retries it.
                    unsettled.Enqueue((memberId, command));
                }
            }
        })));

        await Eventually.Succeeds(() => Task.FromResult(Volatile.Read(ref attempted) >= Workers * PurchasesPerWorker / 3
            ? true : throw new InvalidOperationException("load still warming up")), TimeSpan.FromSeconds(60), "a third of the load");
        await cluster.Cluster.KillSiloAsync(cluster.Cluster.SecondarySilos[0]);
        await load;

        output.WriteLine($"{unsettled.Count} of {attempted} purchases had an unknown outcome after the kill.");
        // Retry every write whose outcome was unknown, with its own idempotency key, until it is acknowledged.
        foreach (var (memberId, command) in unsettled)
        {
            var result = await Eventually.Succeeds(async () =>
                await cluster.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(command) is { Status: not CommandStatus.Unavailable } settled
                    ? settled
                    : throw new InvalidOperationException("the outcome is still unknown"), TimeSpan.FromSeconds(60), "a retried purchase");
            Assert.Contains(result.Status, new[] { CommandStatus.Applied, CommandStatus.Replayed });
            acknowledged[command.IdempotencyKey] = (memberId, result.PointsEarned);
        }

        Assert.Equal(Workers * PurchasesPerWorker, acknowledged.Count);
        var store = new MemberEventStore(cluster.Database.DataSource);
        foreach (var memberId in members)
        {
            var stored = await store.Load(memberId);
            var expected = acknowledged.Where(a => a.Value.MemberId == memberId).ToList();
            Assert.Equal(expected.Sum(a => a.Value.Points), stored.PointsBalance);
            Assert.All(expected, a => Assert.NotNull(stored.FindEntry(a.Key)));
            Assert.Equal(stored.PointsBalance, (await cluster.Client.GetGrain<IMemberGrain>(memberId).GetWallet())!.PointsBalance);
        }
    }
}
