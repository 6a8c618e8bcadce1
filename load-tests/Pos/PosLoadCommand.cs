namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>
/// The <c>pos</c> verb: enrol members, drive a till-like mix against the gateway, settle unknown outcomes, then audit the
/// run: every wallet holds exactly the points the gateway acknowledged, no answer contradicts its request, and the
/// liability report moved by exactly what the run did.
/// </summary>
public static class PosLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(PosOptions.Help);
            return 0;
        }

        var (options, error) = PosOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine($"pos: {error} (pos --help lists the options)");
            return 2;
        }

        var identities = MemberIdentities.ForNewRun(Random.Shared);
        var counters = new RunCounters();
        using var http = new LoyaltyHttpClient(options.Url, options.Concurrency, TimeSpan.FromSeconds(options.TimeoutSeconds));
        Console.WriteLine($"pos load against {options.Url}: run {identities.RunId}, seed {options.Seed}, mix {options.Mix}, "
            + $"{options.Concurrency} workers, {options.WarmupSeconds}s warm-up + {options.DurationSeconds}s");

        if (options.NoEnrol)
        {
            // The baseline server has members for any identity and nothing to audit.
            var synthetic = Enumerable.Range(0, options.Members).Select(identities.Synthetic).ToList();
            var lookups = new PosWorkload(http, options.PosApiKey, identities.RunId, lookupsMustMatchMember: false, reward: null, returnable: null);
            return await DriveAndReportAsync(options, identities, counters, http, lookups, synthetic, enrolment: null, liability: null);
        }

        // Taken before anything of the run reaches the report, so what it moves by afterwards is the run's.
        LiabilityCheck? liability = null;
        if (!options.NoLiabilityAudit)
        {
            var audit = new LiabilityAudit(http, options.AdminApiKey, TimeSpan.FromSeconds(options.LiabilityTimeoutSeconds));
            var (baseline, baselineProblem) = await audit.ReadBaselineAsync();
            if (baselineProblem is not null)
            {
                Console.Error.WriteLine($"pos: the liability report could not be read before the run ({baselineProblem}); the run cannot be compared with it");
            }

            liability = new LiabilityCheck(audit, baseline);
        }

        CatalogueReward? reward = null;
        var catalogue = new RewardCatalogue(http, options.AdminApiKey);
        if (options.Mix.Includes(PosOperation.Reward))
        {
            (reward, var report) = await catalogue.EnsureAsync(options.RewardId);
            Console.WriteLine(reward is null ? $"pos: {report}" : report);
            if (reward is null)
            {
                return 1;
            }
        }

        var (members, enrolment) = await new MemberEnrolment(http, options.AdminApiKey, identities, counters)
            .EnrolAsync(options.Members, options.Concurrency);
        Console.WriteLine($"enrolled {enrolment.Enrolled} of {enrolment.Requested} members in {enrolment.Seconds:F1}s");
        if (members.Count == 0)
        {
            Console.Error.WriteLine($"pos: no member could be enrolled; is the gateway at {options.Url} up? errors: "
                + string.Join("; ", counters.ErrorReasons().Take(3).Select(r => $"{r.Key} x{r.Value}")));
            return 1;
        }

        var returnable = options.Mix.Includes(PosOperation.Return) ? new ReturnablePurchases() : null;
        var workload = new PosWorkload(http, options.PosApiKey, identities.RunId, lookupsMustMatchMember: true, reward, returnable);
        if (reward is not null && !await RewardCatalogue.WaitUntilInForceAsync(workload, members))
        {
            Console.Error.WriteLine($"pos: reward {reward.Id} is still unknown to the members' silos; is the program version in force?");
            return 1;
        }

        return await DriveAndReportAsync(options, identities, counters, http, workload, members, enrolment, liability);
    }

    /// <param name="enrolment">Null for synthetic members, which have nothing to audit.</param>
    /// <param name="liability">The liability audit and the report before the run; null when the report is not audited.</param>
    private static async Task<int> DriveAndReportAsync(
        PosOptions options,
        MemberIdentities identities,
        RunCounters counters,
        LoyaltyHttpClient http,
        PosWorkload workload,
        IReadOnlyList<LoadMember> members,
        EnrolmentSummary? enrolment,
        LiabilityCheck? liability)
    {
        var drive = await new LoadDriver(workload, members, options, counters).RunAsync();
        var retries = await workload.RetryUnknownOutcomesAsync(options.Concurrency);
        var acknowledged = AcknowledgedTotals.Of(members);
        var verification = enrolment is null
            ? VerificationSummary.NotRun
            : await new BalanceVerifier(http, options.AdminApiKey).VerifyAsync(members, options.Concurrency);
        var answers = workload.Audit.Summarize(workload.Returnable);
        var liabilitySummary = enrolment is null ? LiabilitySummary.NotRun
            : liability is null ? LiabilitySummary.NotAsked
            : liability.Baseline is null ? LiabilitySummary.CannotCompare("no report before the run")
            : verification.Unverifiable > 0 ? LiabilitySummary.CannotCompare($"{verification.Unverifiable} members' points are unknown")
            : await liability.Audit.VerifyAsync(liability.Baseline, new LiabilityExpectation(
                acknowledged.Earned,
                acknowledged.Redeemed + acknowledged.RewardPoints,
                acknowledged.Returned,
                acknowledged.Net,
                verification.Totals,
                members.Count,
                enrolment.Failed));

        var summary = PosRunSummary.Create(
            options, identities.RunId, enrolment, drive, counters, retries, acknowledged, verification, answers, liabilitySummary);
        summary.Print(Console.Out);
        if (options.JsonPath is { } jsonPath)
        {
            await summary.WriteJsonAsync(jsonPath);
        }

        return summary.Passed ? 0 : 1;
    }

    /// <summary>The liability audit of a run, with the report as it stood before (null when it could not be read).</summary>
    private sealed record LiabilityCheck(LiabilityAudit Audit, LiabilityBaseline? Baseline);
}
