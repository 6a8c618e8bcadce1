namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>
/// The <c>pos</c> verb: enrol members, drive a till-like mix against the gateway, settle unknown outcomes,
/// then check that every wallet holds exactly the points the gateway acknowledged.
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

        IReadOnlyList<LoadMember> members;
        EnrolmentSummary? enrolment = null;
        if (options.NoEnrol)
        {
            members = Enumerable.Range(0, options.Members).Select(identities.Synthetic).ToList();
        }
        else
        {
            (members, enrolment) = await new MemberEnrolment(http, options.AdminApiKey, identities, counters)
                .EnrolAsync(options.Members, options.Concurrency);
            Console.WriteLine($"enrolled {enrolment.Enrolled} of {enrolment.Requested} members in {enrolment.Seconds:F1}s");
            if (members.Count == 0)
            {
                Console.Error.WriteLine($"pos: no member could be enrolled; is the gateway at {options.Url} up? errors: "
                    + string.Join("; ", counters.ErrorReasons().Take(3).Select(r => $"{r.Key} x{r.Value}")));
                return 1;
            }
        }

        var workload = new PosWorkload(http, options.PosApiKey, identities.RunId, lookupsMustMatchMember: !options.NoEnrol);
        var drive = await new LoadDriver(workload, members, options, counters).RunAsync();
        var retries = await workload.RetryUnknownOutcomesAsync(options.Concurrency);
        var verification = options.NoEnrol
            ? VerificationSummary.NotRun
            : await new BalanceVerifier(http, options.AdminApiKey).VerifyAsync(members, options.Concurrency);

        var summary = PosRunSummary.Create(options, identities.RunId, enrolment, drive, counters, retries, verification);
        summary.Print(Console.Out);
        if (options.JsonPath is { } jsonPath)
        {
            await summary.WriteJsonAsync(jsonPath);
        }

        return summary.Passed ? 0 : 1;
    }
}
