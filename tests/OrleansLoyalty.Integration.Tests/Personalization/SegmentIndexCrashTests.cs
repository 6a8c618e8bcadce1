using System.Collections.Concurrent;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.Storage.Ledger;
using OrleansLoyalty.Grains.Personalization;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansLoyalty.Integration.Tests.Personalization;

/// <summary>
/// The segment index is a consumer of the change feed: after kill -9 of every process at any moment, it converges
/// to exactly the members' stages without any member being touched again. Here the only process of the cluster,
/// a real silo, is SIGKILLed three times while members are written and the consumer runs, and restarted each time.
/// </summary>
public sealed class SegmentIndexCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MembersPerStage = 12;
    private const int Workers = 4;
    private static readonly TimeSpan SiloReadyWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KillPointWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConvergedWithin = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The purchase days (days before today, oldest first) that lead to each stage (LifecycleClassifier, RfmThresholds),
    /// each a day or more from every threshold, so the consumer and this test classify them alike also across midnight.
    /// Written oldest first, a member passes through other stages before it reaches its own.
    /// </summary>
    private static readonly (LifecycleStage Stage, int[] DaysAgo)[] Plans =
    [
        (LifecycleStage.Lead, []),
        (LifecycleStage.FirstPurchase, [10]),
        (LifecycleStage.Repeat, [60, 40, 10]),
        (LifecycleStage.Inactive, [150]),
        (LifecycleStage.ChurnRisk, [300, 200]),
        (LifecycleStage.Lapsed, [400]),
    ];

    /// <summary>Each kill falls at a random point of its own stretch of the writes, as a fraction of all of them.</summary>
    private static readonly (double From, double To)[] KillPoints = [(0.10, 0.30), (0.35, 0.55), (0.60, 0.85)];

    /// <summary>Orleans' SiloStatus.Active in the membership table.</summary>
    private const int ActiveSilo = 3;

    private const string UnconsumedEvents =
        "SELECT count(*) FROM member_events WHERE position > coalesce((SELECT position FROM feed_checkpoints WHERE consumer = $1), 0)";

    private readonly ConcurrentBag<string> enrolmentsAcknowledged = [];
    private SiloProcessCluster cluster = null!;
    private int acknowledged;
    private int unknownOutcomes;
    private volatile bool stopping;
    private int killTarget = int.MaxValue;
    private TaskCompletionSource killPointReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync() => cluster = await SiloProcessCluster.CreateAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task After_kill_9_at_random_moments_the_index_converges_to_every_members_stage_without_touching_them_again()
    {
        var seed = Random.Shared.Next();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Log(string line) => output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0}s {line}");
        Log($"seed {seed}");
        var random = new Random(seed);
        try
        {
            Log($"silo 1 ready in {(await cluster.StartSiloAsync(SiloReadyWithin)).TotalSeconds:0.0}s");
            var client = await cluster.ConnectClientAsync();
            Log("client connected");
            var members = new ConcurrentQueue<Member>(Enumerable.Range(0, MembersPerStage)
                .SelectMany(_ => Plans.Select(plan => Member.Planned(plan.DaysAgo, random))));
            var writes = members.Sum(m => 1 + m.Writes.Count);

            // Each worker takes a member and writes its whole history before the next, so at every kill some members
            // are half-written: their index entries are behind the feed, and the feed is behind their grains.
            var load = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => Write(client, members))));
            for (var kill = 1; kill <= KillPoints.Length; kill++)
            {
                var (from, to) = KillPoints[kill - 1];
                await Reached((int)(writes * (from + random.NextDouble() * (to - from))), load);
                var last = kill == KillPoints.Length;
                // After the last kill nothing is written again: what was in flight then stays unacknowledged.
                if (last) stopping = true;
                cluster.KillSilo();
                Log($"kill {kill}: SIGKILL after {Volatile.Read(ref acknowledged)} of {writes} writes acknowledged, "
                    + $"{await cluster.Database.ScalarAsync(UnconsumedEvents, SegmentIndexConsumer.Name)} committed events not yet consumed");
                if (!last) Log($"silo {kill + 1} ready in {(await cluster.StartSiloAsync(SiloReadyWithin)).TotalSeconds:0.0}s");
            }
            await load;
            Log($"{unknownOutcomes} writes in flight at the last kill have an unknown outcome");
            var indexAtLastKill = await Index();
            var eventsAtLastKill = await cluster.Database.ScalarAsync("SELECT count(*) FROM member_events");

            Log($"silo {KillPoints.Length + 1} ready in {(await cluster.StartSiloAsync(SiloReadyWithin)).TotalSeconds:0.0}s");
            // A killed silo leaves its membership row active; the next one on its address declares it dead as it joins
            // (Orleans' "older clone"), so nothing waits for the dead silos to miss their probes.
            Assert.Equal(1, await cluster.Database.ScalarAsync($"SELECT count(*) FROM orleansmembershiptable WHERE status = {ActiveSilo}"));

            // The expected index comes from the committed events, folded by the domain classes the member grain uses,
            // never from the grains: the test activates no member before the index has converged.
            var expected = await SegmentsFromEvents();
            // Every acknowledged enrolment has its stream; an enrolment in flight at the last kill may have one too.
            Assert.Subset(expected.Keys.ToHashSet(), enrolmentsAcknowledged.ToHashSet());
            Assert.Equal(Plans.Select(p => p.Stage.Code()).Order(), expected.Values.Select(s => s.Stage).Distinct().Order());
            var index = await Eventually.Succeeds(async () => await Index() is var now && Differences(expected, now) is [] ? now
                : throw new InvalidOperationException($"The index differs from the members' stages: {string.Join("; ", Differences(expected, now).Take(5))}"),
                ConvergedWithin, "the segment index converging");
            Log($"converged: {index.Count} entries, {Differences(index, indexAtLastKill).Count} of them wrong or missing when the last silo died");

            // Nobody touched a member on the way: no event was written since the last kill, and no scheduled
            // re-evaluation (the index's other writer) has fallen due.
            Assert.Equal(eventsAtLastKill, await cluster.Database.ScalarAsync("SELECT count(*) FROM member_events"));
            Assert.Equal(0, await cluster.Database.ScalarAsync("SELECT count(*) FROM due_work WHERE due_at <= now()"));

            // And what the index says is what each member says of itself.
            foreach (var (memberId, segment) in index)
            {
                var own = await Eventually.Succeeds(() => client.GetGrain<IMemberGrain>(memberId).GetSegment(), SiloReadyWithin, "a member's own segment");
                Assert.Equal(segment, (own!.Stage, own.RfmCell));
            }
            Log("every member agrees with its index entry");
        }
        catch
        {
            output.WriteLine(cluster.LogTail());
            throw;
        }
    }

    /// <summary>Workers' loop: whole member histories, one member at a time, until the members run out or the last kill.</summary>
    private async Task Write(IClusterClient client, ConcurrentQueue<Member> members)
    {
        while (!stopping && members.TryDequeue(out var member))
        {
            var grain = client.GetGrain<IMemberGrain>(member.Id);
            if (!await Settle(() => member.Enrol(client.GetGrain<IProfileGrain>(member.Id)))) return;
            enrolmentsAcknowledged.Add(member.Id);
            foreach (var write in member.Writes)
            {
                if (!await Settle(() => write(grain))) return;
            }
        }
    }

    /// <summary>
    /// Sends one write until it is acknowledged, as a client does: an error or "unavailable" leaves the outcome
    /// unknown, so the very same command (same idempotency key) is sent again. False once the last kill is under way.
    /// </summary>
    private async Task<bool> Settle(Func<Task<bool>> send)
    {
        while (!stopping)
        {
            try
            {
                if (await send())
                {
                    if (Interlocked.Increment(ref acknowledged) >= Volatile.Read(ref killTarget)) killPointReached.TrySetResult();
                    return true;
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                // The silo died under the call: retried below.
            }
            if (stopping) Interlocked.Increment(ref unknownOutcomes);
            else await Task.Delay(RetryPause);
        }
        return false;
    }

    /// <summary>Waits until <paramref name="target"/> writes are acknowledged: the moment of the next kill.</summary>
    private async Task Reached(int target, Task load)
    {
        killPointReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref killTarget, target);
        if (Volatile.Read(ref acknowledged) >= target) killPointReached.TrySetResult();
        var first = await Task.WhenAny(killPointReached.Task, load).WaitAsync(KillPointWithin);
        if (first == load) await load; // a worker failed: its exception says why
        Assert.True(killPointReached.Task.IsCompleted, $"the writes ran out before the kill point {target}");
    }

    private async Task<Dictionary<string, (string Stage, string RfmCell)>> Index()
    {
        await using var command = cluster.Database.DataSource.CreateCommand("SELECT member_id, stage, rfm_cell FROM member_segments");
        await using var reader = await command.ExecuteReaderAsync();
        var index = new Dictionary<string, (string, string)>();
        while (await reader.ReadAsync()) index[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        return index;
    }

    /// <summary>
    /// Every member with a stream, classified now from its committed purchases as the member grain classifies it
    /// (MemberOutlook in its own time zone). No churn model is fitted in this database, so none is passed.
    /// </summary>
    private async Task<Dictionary<string, (string Stage, string RfmCell)>> SegmentsFromEvents()
    {
        var store = new MemberEventStore(cluster.Database.DataSource);
        var ids = new List<string>();
        await using (var command = cluster.Database.DataSource.CreateCommand("SELECT DISTINCT member_id FROM member_events"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        }
        var now = DateTimeOffset.UtcNow;
        var segments = new Dictionary<string, (string, string)>();
        foreach (var id in ids)
        {
            var timeZone = (await store.LoadFromStart(id)).Enrolment!.Profile.TimeZone;
            var outlook = MemberOutlook.Of(await store.Purchases(id), timeZone, now, modelChurnRisk: null);
            segments[id] = (outlook.Stage.Code(), outlook.Rfm.Cell);
        }
        return segments;
    }

    private static List<string> Differences(
        IReadOnlyDictionary<string, (string Stage, string RfmCell)> expected, IReadOnlyDictionary<string, (string Stage, string RfmCell)> actual) =>
        [
            .. expected.Where(e => !actual.TryGetValue(e.Key, out var entry) || entry != e.Value)
                .Select(e => $"{e.Key} is {e.Value}, indexed as {(actual.TryGetValue(e.Key, out var entry) ? entry.ToString() : "nothing")}"),
            .. actual.Keys.Except(expected.Keys).Select(id => $"{id} is indexed but has no stream"),
        ];

    /// <summary>A member's history as fixed commands, so a retry after a kill resends exactly the same write.</summary>
    private sealed record Member(string Id, EnrolMemberCommand Enrolment, IReadOnlyList<Func<IMemberGrain, Task<bool>>> Writes)
    {
        public async Task<bool> Enrol(IProfileGrain profile) => Acknowledged((await profile.Enrol(Enrolment)).Status);

        /// <summary>
        /// After the enrolment, one purchase on each plan day; a lead gets a points adjustment instead, an event in
        /// the feed that leaves them a lead.
        /// </summary>
        public static Member Planned(int[] daysAgo, Random random)
        {
            var id = MemberId.New();
            var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
            var adjustment = new AdjustPointsCommand($"{id}-goodwill", 5, "goodwill", "crash-test");
            var purchases = daysAgo.Select(days => Commands.Purchase($"{id}-{days}", random.Next(5, 120)) with { OccurredAt = today.AddDays(-days).AddHours(12) });
            List<Func<IMemberGrain, Task<bool>>> writes = daysAgo.Length == 0
                ? [async grain => Acknowledged((await grain.Adjust(adjustment)).Status)]
                : [.. purchases.Select<RecordPurchaseCommand, Func<IMemberGrain, Task<bool>>>(purchase => async grain => Acknowledged((await grain.RecordPurchase(purchase)).Status))];
            return new Member(id, Commands.Enrol(), writes);
        }

        private static bool Acknowledged(EnrolmentStatus status)
        {
            Assert.Contains(status, new[] { EnrolmentStatus.Enrolled, EnrolmentStatus.Replayed, EnrolmentStatus.Unavailable });
            return status != EnrolmentStatus.Unavailable;
        }

        private static bool Acknowledged(CommandStatus status)
        {
            Assert.Contains(status, new[] { CommandStatus.Applied, CommandStatus.Replayed, CommandStatus.Unavailable });
            return status != CommandStatus.Unavailable;
        }
    }
}
