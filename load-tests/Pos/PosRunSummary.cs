using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
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

/// <summary>The points the gateway acknowledged to the run, over all its members.</summary>
/// <param name="Net">Earned less redeemed, rewards and returned: what the members' wallets hold net.</param>
internal sealed record AcknowledgedTotals(long Earned, long Redeemed, long RewardPoints, long Returned, long Net)
{
    public static AcknowledgedTotals Of(IReadOnlyList<LoadMember> members) => new(
        members.Sum(m => m.AcknowledgedEarned),
        members.Sum(m => m.AcknowledgedRedeemed),
        members.Sum(m => m.AcknowledgedRewardPoints),
        members.Sum(m => m.AcknowledgedReturned),
        members.Sum(m => m.ExpectedNetPoints));
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
    IReadOnlyDictionary<string, long> Refusals,
    RetrySummary Retries,
    AcknowledgedTotals Acknowledged,
    VerificationSummary Verification,
    AnswerSummary Answers,
    LiabilitySummary Liability)
{
    public bool Passed => Verification.Passed && Answers.Passed && Liability.Passed;

    public static PosRunSummary Create(
        PosOptions options,
        string runId,
        EnrolmentSummary? enrolment,
        DriveResult drive,
        RunCounters counters,
        RetrySummary retries,
        AcknowledgedTotals acknowledged,
        VerificationSummary verification,
        AnswerSummary answers,
        LiabilitySummary liability)
    {
        var measured = drive.Operations.Where(o => options.Mix.Sends(o.Key)).OrderBy(o => o.Key).ToList();
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
            counters.Refusals().ToDictionary(r => r.Key, r => r.Value),
            retries,
            acknowledged,
            verification,
            answers,
            liability);
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

        if (Refusals.Count > 0)
        {
            output.WriteLine("refusals over the whole run (the server rightly said no and changed nothing):");
            foreach (var (kind, count) in Refusals)
            {
                output.WriteLine($"  {count,8}  {kind}");
            }
        }

        if (Retries.Retried > 0)
        {
            output.WriteLine($"unknown-outcome writes retried: {Retries.Retried} ({Retries.Acknowledged} acknowledged, {Retries.Declined} declined, {Retries.Unresolved} still unknown)");
        }

        output.WriteLine();
        if (Verification.Skipped)
        {
            output.WriteLine("audit: skipped (no enrolled members)");
            return;
        }

        output.WriteLine($"acknowledged: {Acknowledged.Earned} points earned, {Acknowledged.Redeemed} redeemed, {Acknowledged.RewardPoints} on rewards, "
            + $"{Acknowledged.Returned} taken back by returns: {Acknowledged.Net} net");
        PrintVerification(output);
        PrintAnswers(output);
        PrintLiability(output);
        output.WriteLine(!Passed ? $"FAIL: {Failures()}"
            : Liability.Status == LiabilityStatus.Skipped ? "PASS: every wallet agrees with what the gateway acknowledged (the liability report was not checked)"
            : "PASS: every wallet and the liability report agree with what the gateway acknowledged");
    }

    public async Task WriteJsonAsync(string path)
    {
        await using var file = File.Create(path);
        // Enums by name, so the liability status reads as what it is.
        var json = new JsonSerializerOptions(LoyaltyHttpClient.Json) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };
        await JsonSerializer.SerializeAsync(file, this, json);
    }

    private void PrintVerification(TextWriter output)
    {
        output.WriteLine($"wallets: {Verification.MembersChecked} checked, {Verification.Differences} differ, {Verification.Unverifiable} could not be verified; "
            + $"together {Verification.Totals.Balance} available, {Verification.Totals.Pending} pending, {Verification.Totals.Debt} owed");
        foreach (var difference in Verification.FirstDifferences)
        {
            var wallet = difference.Wallet;
            output.WriteLine($"  {difference.MemberId}: expected {difference.ExpectedNet} net; wallet {wallet.PointsBalance} available, "
                + $"{wallet.PendingPoints} pending, {wallet.PointsDebt} owed: {difference.Problem}");
        }
    }

    private void PrintAnswers(TextWriter output)
    {
        output.WriteLine($"answers: {Answers.Contradictions} contradictions; {Answers.CodesIssued} reward codes issued, {Answers.CodesConsumed} used; "
            + $"{Answers.PurchasesWithReturns} purchases had returns, {Answers.PurchasesReturnedInFull} returned in full");
        foreach (var contradiction in Answers.FirstContradictions)
        {
            output.WriteLine($"  {contradiction}");
        }
    }

    private void PrintLiability(TextWriter output)
    {
        var status = Liability.Status switch
        {
            LiabilityStatus.Matched => $"agrees with the run after {Liability.Seconds:F1}s",
            LiabilityStatus.Differs => "DIFFERS from the run",
            LiabilityStatus.NotComparable => "could not be compared",
            _ => "not checked",
        };
        output.WriteLine($"liability report: {status}{(Liability.Detail.Length > 0 ? $": {Liability.Detail}" : "")}");
        if (Liability.Figures.Count == 0)
        {
            return;
        }

        output.WriteLine($"  {"figure",-38} {"expected",12} {"moved",12}");
        foreach (var figure in Liability.Figures)
        {
            var expected = figure.Slack == 0 ? $"{figure.Expected}" : $"{figure.Expected}..{figure.Expected + figure.Slack}";
            output.WriteLine($"  {figure.Name,-38} {expected,12} {figure.Moved,12}{(figure.Matches ? "" : "  <-- differs")}");
        }
    }

    private string Failures()
    {
        var failures = new List<string>();
        if (!Verification.Passed)
        {
            failures.Add($"{Verification.Differences} wallets differ from the acknowledged points, {Verification.Unverifiable} could not be verified");
        }

        if (!Answers.Passed)
        {
            failures.Add($"{Answers.Contradictions} answers contradict the requests or each other");
        }

        if (!Liability.Passed)
        {
            failures.Add(Liability.Status == LiabilityStatus.Differs
                ? $"the liability report differs from the run in {Liability.Figures.Count(f => !f.Matches)} figures"
                : $"the liability report could not be compared ({Liability.Detail})");
        }

        return string.Join("; ", failures);
    }
}
