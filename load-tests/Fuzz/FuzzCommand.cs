using System.Text.Json;
using OrleansLoyalty.LoadTests.Pos;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// The <c>fuzz</c> verb: set up members, snapshot them, send the planned cases in bursts with wallet probes, then
/// the enrolment-key reuse cases, snapshot again and report every failure by class.
/// </summary>
public static class FuzzCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(FuzzOptions.Help);
            return 0;
        }

        var (options, error) = FuzzOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine($"fuzz: {error} (fuzz --help lists the options)");
            return 2;
        }

        using var http = new FuzzHttpClient(options.BaseUrl);
        var ready = await http.SendAsync(new FuzzRequest(HttpMethod.Get, "/health/ready", null), options.Timeout);
        if (ready.Status != 200)
        {
            Console.Error.WriteLine($"fuzz: the gateway at {options.BaseUrl} is not ready ({ready.Failure ?? "HTTP " + ready.Status})");
            return 1;
        }

        var runId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))[..10];
        var report = new FuzzReport(options.Examples);
        var classes = CaseCatalog.For(EndpointCatalog.All);
        Console.WriteLine($"fuzz against {options.BaseUrl}: run {runId}, seed {options.Seed}, budget {options.Budget}, concurrency {options.Concurrency}, "
            + $"{EndpointCatalog.All.Count} endpoints, {classes.Count} case classes");
        await CheckCoverageAsync(http, options, report);

        var phases = new PhaseClock();
        IReadOnlyList<FuzzMember> members;
        var setup = new MemberSetup(http, options.Keys, runId, options.Timeout, report);
        try
        {
            // Targets alternate between an offer taken up and one merely offered; the key-reuse members follow.
            var activate = Enumerable.Range(0, options.Members).Select(i => i % 2 == 0)
                .Concat(FuzzPlan.KeyReuseCommands.Select(FuzzPlan.NeedsActiveOffer))
                .ToList();
            members = await setup.EnrolAsync(activate, options.Concurrency);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"fuzz: could not set up members: {e.Message}");
            return 1;
        }

        var (targets, reuseMembers) = (members.Take(options.Members).ToList(), members.Skip(options.Members).ToList());
        var before = await SnapshotAsync(http, members, options);
        phases.End("setup");
        Console.WriteLine($"set up {members.Count} members ({targets.Count(m => m.OfferId is not null)} of {targets.Count} targets hold an offer) with {setup.Requests} requests");

        var now = DateTimeOffset.UtcNow;
        var reuse = FuzzPlan.EnrolmentKeyReuse(reuseMembers, options.Keys, runId, now);
        var plan = FuzzPlan.Build(classes, Math.Max(0, options.Budget - reuse.Count), options.Seed, targets, options.Keys, runId, now);
        var runner = new FuzzRunner(http, options, report);
        int unsent;
        using (new ProgressLine(() => $"fuzz {report.Elapsed.TotalSeconds,6:F1}s  {runner.Completed,6:N0}/{plan.Count + reuse.Count:N0} requests  {report.FailureCount:N0} failures"))
        {
            unsent = await runner.RunAsync(plan, "fuzz");
            phases.End("fuzz");

            // Run once each, last, and on members of their own: a gateway that mishandles them (as the current one does)
            // keeps the member busy far beyond the timeout, and every later case on that member would time out too.
            unsent += await runner.RunAsync(reuse, "enrolment-key reuse");
            phases.End("key reuse");
        }

        if (unsent > 0)
        {
            report.Fail("run cut short", "(all)", $"--max-seconds {options.MaxSeconds} reached", 0,
                new FailureExample($"{unsent} planned requests", "not sent"));
        }

        CompareSnapshots(before, await SnapshotAsync(http, members, options), report);
        phases.End("final snapshot");
        report.Print(Console.Out, $"""
            fuzz summary: run {runId}, seed {options.Seed}, {plan.Count + reuse.Count - unsent:N0} of {options.Budget:N0} budgeted requests, {Math.Min(classes.Count, plan.Count)} of {classes.Count} case classes tried
            phases: {phases}
            """);
        return report.FailureCount == 0 ? 0 : 1;
    }

    /// <summary>How long each phase of the run took, for the summary.</summary>
    private sealed class PhaseClock
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly List<string> _phases = [];

        public void End(string phase)
        {
            _phases.Add($"{phase} {_clock.Elapsed.TotalSeconds:F1}s");
            _clock.Restart();
        }

        public override string ToString() => string.Join(", ", _phases);
    }

    private static async Task<IReadOnlyList<MemberSnapshot>> SnapshotAsync(FuzzHttpClient http, IReadOnlyList<FuzzMember> members, FuzzOptions options)
    {
        var snapshots = new MemberSnapshot[members.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
            snapshots[i] = await MemberSnapshot.TakeAsync(http, members[i], options.Keys.Admin, options.Timeout));
        return snapshots;
    }

    private static void CompareSnapshots(IReadOnlyList<MemberSnapshot> before, IReadOnlyList<MemberSnapshot> after, FuzzReport report)
    {
        foreach (var (first, second) in before.Zip(after))
        {
            // A member that does not answer is one failure, not one per view it could not show.
            if (second.Views.FirstOrDefault(v => v.Value.StartsWith(MemberSnapshot.Unreadable, StringComparison.Ordinal)) is { Key: { } view, Value: { } error })
            {
                report.Fail("member unreadable after the run", "(member views)", $"{view} read after the run", 0, new FailureExample(first.Member.MemberId, error));
                continue;
            }

            foreach (var (changed, difference) in first.Differences(second))
            {
                report.Fail("member state changed", "(member views)", changed, 0, new FailureExample(first.Member.MemberId, difference));
            }
        }
    }

    /// <summary>Every operation of the OpenAPI document must be in the endpoint table, or it would go unfuzzed.</summary>
    private static async Task CheckCoverageAsync(FuzzHttpClient http, FuzzOptions options, FuzzReport report)
    {
        var response = await http.SendAsync(new FuzzRequest(HttpMethod.Get, "/openapi/v1.json", null), options.Timeout);
        if (response.Status != 200)
        {
            report.Fail("endpoint coverage", "GET /openapi/v1.json", "document readable", response.Status,
                new FailureExample("GET /openapi/v1.json", response.Failure ?? Excerpt.Of(response.Body)));
            return;
        }

        var known = EndpointCatalog.All.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(response.Body);
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}"))
            .ToList();
        foreach (var missing in documented.Where(operation => !known.Contains(operation)))
        {
            report.Fail("endpoint coverage", missing, "in /openapi/v1.json but not in the fuzzer's endpoint table", 0,
                new FailureExample(missing, "add it to load-tests/Fuzz/EndpointCatalog.cs"));
        }

        foreach (var stale in EndpointCatalog.All.Where(e => !EndpointCatalog.IsOutsideOpenApi(e) && !documented.Contains(e.Name)))
        {
            Console.WriteLine($"  note: {stale.Name} is in the endpoint table but not in /openapi/v1.json");
        }
    }
}
