using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>Throughput and latency of one operation (or all of them) over the measurement window.</summary>
internal sealed record LatencySummary(long Count, long Errors, long Declined, double Rps, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary From(HistogramBase micros, long errors, long declines, TimeSpan window)
    {
        var count = micros.TotalCount;
        double Ms(long value) => count == 0 ? 0 : value / 1000.0;
        return new LatencySummary(
            count,
            errors,
            declines,
            window > TimeSpan.Zero ? count / window.TotalSeconds : 0,
            Ms(micros.GetValueAtPercentile(50)),
            Ms(micros.GetValueAtPercentile(95)),
            Ms(micros.GetValueAtPercentile(99)),
            Ms(micros.GetMaxValue()));
    }
}

/// <summary>Everything a run found, printed as a table and optionally written as JSON for scripts/bench.sh.</summary>
internal sealed record PosRunSummary(
    string Url,
    string RunId,
    int Seed,
    string Mix,
    int Concurrency,
    int WarmupSeconds,
    double MeasuredSeconds,
    bool WindowIncludesWarmup,
    EnrolmentSummary? Enrolment,
    LatencySummary Overall,
    IReadOnlyDictionary<string, LatencySummary> Operations,
    long ErrorsWholeRun,
    IReadOnlyDictionary<string, long> ErrorReasons,
    RetrySummary Retries,
    VerificationSummary Verification)
{
    public bool Passed => Verification.Passed;

    public static PosRunSummary Create(
        PosOptions options,
        string runId,
        EnrolmentSummary? enrolment,
        DriveResult drive,
        RunCounters counters,
        RetrySummary retries,
        VerificationSummary verification)
    {
        var measured = drive.Operations.Where(o => options.Mix.Weights.GetValueOrDefault(o.Key) > 0).OrderBy(o => o.Key).ToList();
        var all = new LongHistogram(1, OperationStats.HighestMicros, OperationStats.SignificantDigits);
        foreach (var (_, window) in measured)
        {
            all.Add(window.Latencies);
        }

        return new PosRunSummary(
            options.Url.ToString(),
            runId,
            options.Seed,
            options.Mix.ToString(),
            options.Concurrency,
            options.WarmupSeconds,
            drive.Window.TotalSeconds,
            drive.WindowIncludesWarmup,
            enrolment,
            LatencySummary.From(all, measured.Sum(o => o.Value.Errors), measured.Sum(o => o.Value.Declines), drive.Window),
            measured.ToDictionary(
                o => OperationMix.Name(o.Key),
                o => LatencySummary.From(o.Value.Latencies, o.Value.Errors, o.Value.Declines, drive.Window)),
            counters.Errors,
            counters.ErrorReasons().ToDictionary(r => r.Key, r => r.Value),
            retries,
            verification);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"target {Url}  run {RunId}  seed {Seed}  mix {Mix}  concurrency {Concurrency}");
        if (Enrolment is { } enrolment)
        {
            output.WriteLine($"enrolled {enrolment.Enrolled}/{enrolment.Requested} members in {enrolment.Seconds:F1}s ({enrolment.Enrolled / Math.Max(enrolment.Seconds, 0.001):F0}/s), {enrolment.Failed} failed");
        }

        output.WriteLine($"measured {MeasuredSeconds:F1}s after {WarmupSeconds}s warm-up{(WindowIncludesWarmup ? " (run ended during warm-up: figures include it)" : "")}");
        output.WriteLine();
        output.WriteLine($"{"operation",-10} {"count",10} {"req/s",10} {"errors",8} {"declined",8} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9}");
        foreach (var (name, latency) in Operations.Append(new("overall", Overall)))
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-10} {latency.Count,10} {latency.Rps,10:F1} {latency.Errors,8} {latency.Declined,8} {latency.P50Ms,9:F2} {latency.P95Ms,9:F2} {latency.P99Ms,9:F2} {latency.MaxMs,9:F2}"));
        }

        output.WriteLine();
        output.WriteLine($"errors over the whole run (enrolment and warm-up included): {ErrorsWholeRun}");
        foreach (var (reason, count) in ErrorReasons.Take(10))
        {
            output.WriteLine($"  {count,8}  {reason}");
        }

        if (Retries.Retried > 0)
        {
            output.WriteLine($"unknown-outcome writes retried: {Retries.Retried} ({Retries.Acknowledged} acknowledged, {Retries.Declined} declined, {Retries.Unresolved} still unknown)");
        }

        PrintVerification(output);
    }

    public async Task WriteJsonAsync(string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, new JsonSerializerOptions(LoyaltyHttpClient.Json) { WriteIndented = true });
    }

    private void PrintVerification(TextWriter output)
    {
        if (Verification.Skipped)
        {
            output.WriteLine("verification: skipped (no enrolled members)");
            return;
        }

        output.WriteLine($"verification: {Verification.MembersChecked} wallets checked, {Verification.Differences} differ, {Verification.Unverifiable} could not be verified");
        foreach (var difference in Verification.FirstDifferences)
        {
            output.WriteLine($"  {difference.MemberId}: expected {difference.Expected}, wallet says {difference.Actual} ({difference.Actual - difference.Expected:+#;-#;0})");
        }

        output.WriteLine(Passed
            ? "PASS: every wallet holds exactly the points the gateway acknowledged"
            : $"FAIL: {Verification.Differences} wallets differ from the acknowledged points, {Verification.Unverifiable} could not be verified");
    }
}
