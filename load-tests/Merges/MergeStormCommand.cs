using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;
using OrleansLoyalty.LoadTests.Pos;

namespace OrleansLoyalty.LoadTests.Merges;

/// <summary>
/// The <c>merge-storm</c> verb: enrols pairs of members, then merges every pair (the second into the first) while POS
/// workers keep buying and redeeming at random members of all pairs, old ids included (the gateway forwards them).
/// Every command is settled as a till settles it (sent again with its key until answered), so at the end the points of
/// all members together must equal exactly what was acknowledged: points lost (or doubled) is the difference.
/// </summary>
public static class MergeStormCommand
{
    private const string Help = """
        usage: merge-storm [options]
          --url URL             gateway base address                      (default http://127.0.0.1:5080)
          --pairs N             pairs of members to merge                 (default 200)
          --concurrency N       POS workers buying and redeeming          (default 16)
          --merge-workers N     merges sent at once                       (default 4)
          --api-key-admin KEY   (default dev-admin-key)   --api-key-pos KEY (default dev-pos-key)
          --seed N              random seed               --json PATH       write the summary as JSON
        """;

    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help")) { Console.WriteLine(Help); return 0; }
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        string Option(string name, string fallback) => options.GetValueOrDefault(name, fallback);
        var url = new Uri(Option("--url", "http://127.0.0.1:5080"));
        var pairs = int.Parse(Option("--pairs", "200"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option("--concurrency", "16"), CultureInfo.InvariantCulture);
        var mergeWorkers = int.Parse(Option("--merge-workers", "4"), CultureInfo.InvariantCulture);
        var adminKey = Option("--api-key-admin", "dev-admin-key");
        var posKey = Option("--api-key-pos", "dev-pos-key");
        var seed = int.Parse(Option("--seed", Random.Shared.Next().ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        using var http = new LoyaltyHttpClient(url, concurrency + mergeWorkers, TimeSpan.FromSeconds(30));
        var storm = new Storm(http, adminKey, posKey);
        var identities = MemberIdentities.ForNewRun(new Random(seed));
        var (members, enrolment) = await new MemberEnrolment(http, adminKey, identities, new RunCounters()).EnrolAsync(2 * pairs, concurrency);
        if (members.Count < 2 * pairs)
        {
            Console.Error.WriteLine($"merge-storm: only {enrolment.Enrolled} of {enrolment.Requested} members enrolled; is the gateway at {url} up?");
            return 1;
        }
        var ids = members.Select(m => m.MemberId).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, _) => await storm.Purchase(id, 100));
        Console.WriteLine($"merge-storm against {url}: seed {seed}, {pairs} pairs, {concurrency} POS workers, {mergeWorkers} merge workers");

        storm.StartWindow();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var random = new Random(seed);
        var pos = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => storm.Touchpoint(ids, new Random(random.Next()), stop.Token))).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs), new ParallelOptions { MaxDegreeOfParallelism = mergeWorkers },
            async (pair, _) => await storm.Merge(ids[2 * pair], ids[2 * pair + 1]));
        var mergeSeconds = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        await Task.WhenAll(pos);

        var (expected, actual) = await storm.Conservation(ids, concurrency);
        var summary = storm.Summary(pairs, mergeSeconds, expected, actual);
        foreach (var (name, value) in summary) Console.WriteLine($"  {name,-28} {value}");
        if (options.TryGetValue("--json", out var json)) await File.WriteAllTextAsync(json, JsonSerializer.Serialize(summary.ToDictionary(s => s.Name, s => s.Value)));
        var passed = expected == actual && storm.Failures == 0 && storm.MergesDone == pairs;
        Console.WriteLine(passed ? "PASSED: every acknowledged point is held" : "FAILED");
        return passed ? 0 : 1;
    }

    private sealed class Storm(LoyaltyHttpClient http, string adminKey, string posKey)
    {
        private readonly ConcurrentDictionary<string, long> earned = new();
        private readonly ConcurrentDictionary<string, long> redeemed = new();
        private readonly Recorder posLatency = Histogram();
        private readonly Recorder mergeLatency = Histogram();
        private long retries;
        private long failures;
        private long mergesDone;

        public long Failures => Interlocked.Read(ref failures);

        public long MergesDone => Interlocked.Read(ref mergesDone);

        public void StartWindow()
        {
            posLatency.GetIntervalHistogram();
            Interlocked.Exchange(ref retries, 0);
        }

        public Task Purchase(string memberId, decimal amount)
        {
            var key = "ms-p-" + Guid.NewGuid();
            var body = LoyaltyHttpClient.Serialize(new PurchaseRequest(key, amount, "EUR", DateTimeOffset.UtcNow.AddMinutes(-5), "pos", "ms-store",
                [new Pos.PurchaseLine("MS-1", "storm", 1, amount)]));
            return Settle($"/v1/members/{memberId}/purchases", posKey, body, posLatency, ok => earned[key] = ok.GetProperty("pointsEarned").GetInt64());
        }

        public Task Redeem(string memberId, long points)
        {
            var key = "ms-r-" + Guid.NewGuid();
            var body = LoyaltyHttpClient.Serialize(new RedemptionRequest(key, points, "storm"));
            return Settle($"/v1/members/{memberId}/redemptions", posKey, body, posLatency, _ => redeemed[key] = points);
        }

        public async Task Touchpoint(IReadOnlyList<string> members, Random random, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var member = members[random.Next(members.Count)];
                await (random.NextDouble() < 0.7 ? Purchase(member, random.Next(1, 50)) : Redeem(member, random.Next(1, 10)));
            }
        }

        public async Task Merge(string survivorId, string absorbedId)
        {
            var body = LoyaltyHttpClient.Serialize(new { memberId = absorbedId, reason = "merge-storm", idempotencyKey = "ms-m-" + Guid.NewGuid() });
            await Settle($"/v1/members/{survivorId}/merges", adminKey, body, mergeLatency, _ => Interlocked.Increment(ref mergesDone));
        }

        /// <summary>Every id's member now (old ids reach their survivor): their balances together, and what was acknowledged.</summary>
        public async Task<(long Expected, long Actual)> Conservation(IReadOnlyList<string> ids, int concurrency)
        {
            var balances = new ConcurrentDictionary<string, long>();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, _) =>
            {
                var exchange = await http.SendAsync(HttpMethod.Get, $"/v1/members/{id}", adminKey);
                using var member = JsonDocument.Parse(exchange.Body);
                balances[member.RootElement.GetProperty("memberId").GetString()!] = member.RootElement.GetProperty("pointsBalance").GetInt64();
            });
            return (earned.Values.Sum() - redeemed.Values.Sum(), balances.Values.Sum());
        }

        public IReadOnlyList<(string Name, string Value)> Summary(int pairs, double mergeSeconds, long expected, long actual)
        {
            var pos = posLatency.GetIntervalHistogram();
            var merges = mergeLatency.GetIntervalHistogram();
            string Ms(long micros) => (micros / 1000.0).ToString("F1", CultureInfo.InvariantCulture);
            string Num(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
            return
            [
                ("merges", $"{MergesDone} of {pairs}"),
                ("merges_per_second", Num(pairs / mergeSeconds)),
                ("merge_p50_ms", Ms(merges.GetValueAtPercentile(50))),
                ("merge_p99_ms", Ms(merges.GetValueAtPercentile(99))),
                ("pos_requests_during_merges", pos.TotalCount.ToString(CultureInfo.InvariantCulture)),
                ("pos_rps_during_merges", Num(pos.TotalCount / mergeSeconds)),
                ("pos_p50_ms", Ms(pos.GetValueAtPercentile(50))),
                ("pos_p99_ms", Ms(pos.GetValueAtPercentile(99))),
                ("retried_sends", Interlocked.Read(ref retries).ToString(CultureInfo.InvariantCulture)),
                ("failed_commands", Failures.ToString(CultureInfo.InvariantCulture)),
                ("points_acknowledged", expected.ToString(CultureInfo.InvariantCulture)),
                ("points_held", actual.ToString(CultureInfo.InvariantCulture)),
                ("points_lost", (expected - actual).ToString(CultureInfo.InvariantCulture)),
            ];
        }

        /// <summary>
        /// Sends one command until it is answered clearly: 2xx is acknowledged, insufficient points is a clear refusal,
        /// a 503, a 409 merge-in-progress or no answer is sent again with the same key. Anything else is a failure.
        /// </summary>
        private async Task Settle(string path, string key, byte[] body, Recorder latency, Action<JsonElement> acknowledged)
        {
            var deadline = DateTime.UtcNow + SettleWithin;
            while (true)
            {
                var exchange = await http.SendAsync(HttpMethod.Post, path, key, body);
                latency.RecordValue(Math.Clamp(exchange.LatencyMicros, 1, OperationStats.HighestMicros));
                if (exchange.IsSuccess)
                {
                    using var document = JsonDocument.Parse(exchange.Body);
                    acknowledged(document.RootElement);
                    return;
                }
                var problem = exchange.Failure is null ? exchange.Read<ProblemResponse>()?.Type : null;
                if (problem?.EndsWith("/insufficient-points", StringComparison.Ordinal) == true) return;
                var retriable = exchange.Failure is not null || exchange.Status == 503 || problem?.EndsWith("/merge-in-progress", StringComparison.Ordinal) == true;
                if (!retriable || DateTime.UtcNow > deadline)
                {
                    Interlocked.Increment(ref failures);
                    Console.Error.WriteLine($"merge-storm: {path} answered {exchange.Describe()} {problem}");
                    return;
                }
                Interlocked.Increment(ref retries);
                await Task.Delay(20);
            }
        }

        private static Recorder Histogram() => HistogramFactory.With64BitBucketSize()
            .WithValuesFrom(1).WithValuesUpTo(OperationStats.HighestMicros).WithPrecisionOf(OperationStats.SignificantDigits)
            .WithThreadSafeWrites().WithThreadSafeReads().Create();
    }
}
