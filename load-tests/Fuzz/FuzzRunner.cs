using System.Diagnostics;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// Sends the cases in bursts with bounded concurrency; after each burst, reads the wallet of every member the
/// burst wrote to, which must answer within the probe timeout. A member that does not is waited for (bounded)
/// before the next burst, so one wedged member does not turn every later case into a timeout.
/// </summary>
internal sealed class FuzzRunner(FuzzHttpClient http, FuzzOptions options, FuzzReport report)
{
    private const string ProbeEndpoint = "GET /v1/members/{memberId}/wallet";
    private static readonly TimeSpan RecoveryPollInterval = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _completed;

    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Runs the cases; returns how many were left unsent because the run's time limit was reached.</summary>
    public async Task<int> RunAsync(IReadOnlyList<FuzzCase> cases, string phase)
    {
        var burstNumber = 0;
        foreach (var burst in cases.Chunk(options.BurstSize))
        {
            burstNumber++;
            if (_clock.Elapsed.TotalSeconds > options.MaxSeconds)
            {
                return cases.Count - ((burstNumber - 1) * options.BurstSize);
            }

            await Parallel.ForEachAsync(burst, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (fuzz, _) =>
            {
                report.Record(fuzz, await http.SendAsync(fuzz.Request, options.Timeout));
                Interlocked.Increment(ref _completed);
            });
            var written = burst.Where(c => c.IsFuzzWrite && c.Target is not null).Select(c => c.Target!).DistinctBy(m => m.MemberId);
            await ProbeAsync(written, $"after {phase} burst {burstNumber}");
        }

        return 0;
    }

    private Task ProbeAsync(IEnumerable<FuzzMember> members, string when) =>
        Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (member, _) =>
        {
            var probe = await ReadWalletAsync(member);
            if (probe.Status == 200)
            {
                return;
            }

            var recovery = await AwaitRecoveryAsync(member);
            report.Fail("member unresponsive after writes", ProbeEndpoint, $"wallet read within {options.ProbeTimeout.TotalMilliseconds:F0} ms", probe.Status,
                new FailureExample($"GET wallet of {member.MemberId} {when}", $"{probe.Failure ?? "HTTP " + probe.Status}; {recovery}"));
        });

    /// <summary>Polls the wallet until it answers or the recovery limit passes; says which happened.</summary>
    private async Task<string> AwaitRecoveryAsync(FuzzMember member)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < options.RecoveryLimit)
        {
            if ((await ReadWalletAsync(member)).Status == 200)
            {
                return $"answered again after {waited.Elapsed.TotalSeconds:F1}s";
            }

            await Task.Delay(RecoveryPollInterval);
        }

        return $"still not answering after {waited.Elapsed.TotalSeconds:F0}s";
    }

    private Task<FuzzResponse> ReadWalletAsync(FuzzMember member)
    {
        report.RecordProbe();
        return http.SendAsync(new FuzzRequest(HttpMethod.Get, $"/v1/members/{member.PathSegment}/wallet", options.Keys.Admin), options.ProbeTimeout);
    }
}
