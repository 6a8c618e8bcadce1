using System.Diagnostics;
using System.Globalization;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>One figure of the liability report: how far it moved over the run, and how far it had to.</summary>
/// <param name="Slack">How much more than expected it may move where the run cannot know exactly (enrolments that timed out).</param>
internal sealed record LiabilityFigure(string Name, long Expected, long Moved, long Slack = 0)
{
    public bool Matches => Moved >= Expected && Moved <= Expected + Slack;
}

internal enum LiabilityStatus
{
    Skipped,
    Matched,
    Differs,

    /// <summary>Nothing exact to compare: no report before the run, or members whose points are unknown.</summary>
    NotComparable,
}

internal sealed record LiabilitySummary(LiabilityStatus Status, string Detail, double Seconds, IReadOnlyList<LiabilityFigure> Figures)
{
    public bool Passed => Status is LiabilityStatus.Skipped or LiabilityStatus.Matched;

    public static LiabilitySummary NotRun { get; } = new(LiabilityStatus.Skipped, "no enrolled members", 0, []);

    public static LiabilitySummary NotAsked { get; } = new(LiabilityStatus.Skipped, "--no-liability-audit", 0, []);

    public static LiabilitySummary CannotCompare(string why) => new(LiabilityStatus.NotComparable, why, 0, []);
}

/// <summary>What the run did to the liability: as acknowledged to the generator, and as the wallets read afterwards hold it.</summary>
/// <param name="Redeemed">Plain redemptions and rewards: the report counts both as redeemed.</param>
/// <param name="MembersUncertain">Enrolments that failed, some of which may have been applied.</param>
internal sealed record LiabilityExpectation(long Earned, long Redeemed, long ClawedBack, long Net, WalletTotals Wallets, int Members, int MembersUncertain);

/// <summary>The report as it stood before the run; <see cref="Settled"/> is false when it was still moving then.</summary>
internal sealed record LiabilityBaseline(LiabilityReportResponse Report, bool Settled);

/// <summary>
/// Checks the liability report against the run. The report covers every member in the database and is a projection the
/// change feed keeps asynchronously, so the run compares how far the report moved between a read before it and reads
/// after it, polling until they agree or the deadline passes. The outstanding total counts pending points in and what
/// is below zero and owed out (available + pending − below zero − debt), the same as a wallet's balance + pending −
/// debt. The period's movements are by the events' record time, over the run's UTC day and the next, so a run across
/// midnight stays inside one period. Assumes nothing else moves points meanwhile.
/// </summary>
internal sealed class LiabilityAudit(LoyaltyHttpClient http, string adminApiKey, TimeSpan timeout)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly string _path = ReportPath(DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>
    /// Reads the report until two reads a poll apart agree, so events from before the run that the projection has not
    /// taken in yet are not counted as the run's; after the deadline the last read stands.
    /// </summary>
    public async Task<(LiabilityBaseline? Baseline, string? Problem)> ReadBaselineAsync()
    {
        var clock = Stopwatch.StartNew();
        var (previous, problem) = await ReadAsync();
        while (clock.Elapsed < timeout)
        {
            await Task.Delay(PollInterval);
            var (current, currentProblem) = await ReadAsync();
            if (current is not null && current == previous)
            {
                return (new LiabilityBaseline(current, Settled: true), null);
            }

            (previous, problem) = (current ?? previous, currentProblem);
        }

        return previous is null ? (null, problem) : (new LiabilityBaseline(previous, Settled: false), null);
    }

    public async Task<LiabilitySummary> VerifyAsync(LiabilityBaseline baseline, LiabilityExpectation expected)
    {
        var clock = Stopwatch.StartNew();
        using var progress = new ProgressLine(() => $"liability report: waiting for the projection, {clock.Elapsed.TotalSeconds:F0}s");
        IReadOnlyList<LiabilityFigure>? figures = null;
        LiabilityReportResponse? last = null;
        var lastMoved = TimeSpan.Zero;
        string? problem = null;
        while (true)
        {
            var (report, readProblem) = await ReadAsync();
            problem = readProblem;
            if (report is not null)
            {
                // When the report stopped moving long before the deadline, the difference is not the projection lagging.
                if (report != last)
                {
                    (last, lastMoved) = (report, clock.Elapsed);
                }

                figures = Compare(baseline.Report, report, expected);
                if (figures.All(f => f.Matches))
                {
                    return new LiabilitySummary(LiabilityStatus.Matched, Detail(baseline), clock.Elapsed.TotalSeconds, figures);
                }
            }

            if (clock.Elapsed >= timeout)
            {
                break;
            }

            await Task.Delay(PollInterval);
        }

        return figures is null
            ? LiabilitySummary.CannotCompare($"the report could not be read after the run: {problem}")
            : new LiabilitySummary(
                LiabilityStatus.Differs,
                Detail(baseline, $"still different after {timeout.TotalSeconds:F0}s, the report unchanged for the last {(clock.Elapsed - lastMoved).TotalSeconds:F0}s"),
                clock.Elapsed.TotalSeconds,
                figures);
    }

    private static List<LiabilityFigure> Compare(LiabilityReportResponse before, LiabilityReportResponse after, LiabilityExpectation expected)
    {
        var (was, now) = (before.Outstanding, after.Outstanding);
        var (moved, movedBefore) = (after.Period, before.Period);
        return
        [
            new("outstanding total", expected.Net, now.Total - was.Total),
            new("outstanding available less below zero", expected.Wallets.Balance, now.Available - now.BelowZero - (was.Available - was.BelowZero)),
            new("outstanding pending", expected.Wallets.Pending, now.Pending - was.Pending),
            new("outstanding debt", expected.Wallets.Debt, now.Debt - was.Debt),
            new("members", expected.Members, now.Members - was.Members, expected.MembersUncertain),
            new("issued", expected.Earned, moved.Issued - movedBefore.Issued),
            new("redeemed", expected.Redeemed, moved.Redeemed - movedBefore.Redeemed),
            new("clawed back", expected.ClawedBack, moved.ClawedBack - movedBefore.ClawedBack),
            new("expired", 0, moved.Expired - movedBefore.Expired),
            new("adjusted", 0, moved.Adjusted - movedBefore.Adjusted),
        ];
    }

    private static string Detail(LiabilityBaseline baseline, string? finding = null) => string.Join("; ", new[]
    {
        finding,
        baseline.Settled ? null : "the report was still moving when the run started, so the run may be credited with earlier events",
    }.OfType<string>());

    private async Task<(LiabilityReportResponse? Report, string? Problem)> ReadAsync()
    {
        var exchange = await http.SendAsync(HttpMethod.Get, _path, adminApiKey);
        var report = exchange.IsSuccess ? exchange.Read<LiabilityReportResponse>() : null;
        return report is not null ? (report, null) : (null, exchange.IsSuccess ? "unreadable report body" : exchange.Describe());
    }

    private static string ReportPath(DateOnly today) => string.Create(
        CultureInfo.InvariantCulture, $"/v1/reports/liability?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
}
