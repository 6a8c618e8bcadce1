using System.Globalization;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>Command-line options of the <c>pos</c> verb, parsed by hand to keep the tool dependency-free.</summary>
internal sealed record PosOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:5080");
    public int Members { get; init; } = 1000;
    public int DurationSeconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 5;
    public int Concurrency { get; init; } = 32;
    public OperationMix Mix { get; init; } = OperationMix.Parse("lookup=70,purchase=20,redeem=10");
    public int Seed { get; init; } = Random.Shared.Next();
    public string AdminApiKey { get; init; } = "dev-admin-key";
    public string PosApiKey { get; init; } = "dev-pos-key";
    public long MaxRequests { get; init; }
    public int TimeoutSeconds { get; init; } = 10;
    public bool NoEnrol { get; init; }
    public bool NoLiabilityAudit { get; init; }
    public string? JsonPath { get; init; }
    public string RewardId { get; init; } = "load-coffee";
    public int ConsumeCodesPercent { get; init; } = 50;
    public int LiabilityTimeoutSeconds { get; init; } = 60;

    public const string Help = """
        usage: pos [options]
          Enrols members, drives a closed-loop POS mix against the gateway, then audits the run: every wallet holds what
          was acknowledged, the answers agree with the requests, and the liability report moved by what the run did.

          --url URL               gateway base address                         (default http://127.0.0.1:5080)
          --members N             members to enrol, or synthetic ones to look up (default 1000)
          --duration SECONDS      measured duration after warm-up               (default 30)
          --warmup SECONDS        warm-up before measuring; figures reset after (default 5)
          --concurrency C         concurrent closed-loop workers                (default 32)
          --mix SPEC              operation weights                             (default lookup=70,purchase=20,redeem=10)
                                  lookup, purchase, redeem (points), and opt-in:
                                  return  part of an acknowledged purchase, by lines or amount (needs purchase)
                                  reward  buys --reward-id, added to the program if absent; some codes are then used
          --seed N                seed of the per-worker random streams         (default random, printed)
          --api-key-admin KEY     key to enrol, read wallets and the liability report, set up the reward
                                                                                (default dev-admin-key)
          --api-key-pos KEY       key for lookups, purchases, redemptions, returns, rewards and codes
                                                                                (default dev-pos-key)
          --reward-id ID          catalogue reward that reward buys             (default load-coffee, added at 50 points)
          --consume-codes PERCENT share of issued reward codes used at the till (default 50)
          --liability-timeout S   how long the liability report may take to agree with the run (default 60)
          --max-requests N        stop after N requests (warm-up included)      (default 0 = no bound)
          --timeout SECONDS       per-request timeout, counted as an error      (default 10)
          --no-liability-audit    audit the wallets and answers only, not the liability report (for runs that only
                                  measure, where waiting for the projection adds nothing)
          --no-enrol              skip enrolment and the audit; look up synthetic identities
                                  (for the baseline server; requires --mix lookup=100)
          --json FILE             also write the summary as JSON to FILE
          --help                  show this text

        exit codes: 0 the audit passed, 1 a wallet, an answer or the liability report differs or could not be checked
                    (or the reward could not be set up), 2 bad usage
        """;

    /// <summary>Returns the options, or an error message for the first bad argument.</summary>
    public static (PosOptions? Options, string? Error) Parse(string[] args)
    {
        var options = new PosOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inlineValue) = SplitArgument(args[i]);
            if (name is "--no-enrol" or "--no-liability-audit")
            {
                options = name == "--no-enrol" ? options with { NoEnrol = true } : options with { NoLiabilityAudit = true };
                continue;
            }

            var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : null);
            if (value is null)
            {
                return (null, $"{name} needs a value");
            }

            PosOptions? parsed;
            try
            {
                parsed = name switch
                {
                    "--url" => options with { Url = new Uri(value, UriKind.Absolute) },
                    "--members" => options with { Members = ParseInt(value, min: 1) },
                    "--duration" => options with { DurationSeconds = ParseInt(value, min: 1) },
                    "--warmup" => options with { WarmupSeconds = ParseInt(value, min: 0) },
                    "--concurrency" => options with { Concurrency = ParseInt(value, min: 1) },
                    "--mix" => options with { Mix = OperationMix.Parse(value) },
                    "--seed" => options with { Seed = ParseInt(value, min: int.MinValue) },
                    "--api-key-admin" => options with { AdminApiKey = value },
                    "--api-key-pos" => options with { PosApiKey = value },
                    "--max-requests" => options with { MaxRequests = ParseLong(value) },
                    "--timeout" => options with { TimeoutSeconds = ParseInt(value, min: 1) },
                    "--json" => options with { JsonPath = value },
                    "--reward-id" => options with { RewardId = value },
                    "--consume-codes" => options with { ConsumeCodesPercent = ParseInt(value, min: 0, max: 100) },
                    "--liability-timeout" => options with { LiabilityTimeoutSeconds = ParseInt(value, min: 1) },
                    _ => null,
                };
            }
            catch (FormatException e)
            {
                return (null, $"{name}: {e.Message}");
            }

            if (parsed is null)
            {
                return (null, $"unknown option {name}");
            }

            options = parsed;
        }

        return options.Validate() is { } error ? (null, error) : (options, null);
    }

    private string? Validate() =>
        NoEnrol && !Mix.IsLookupOnly ? "--no-enrol has no members to write to: use it with --mix lookup=100" : null;

    private static (string Name, string? Value) SplitArgument(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? (argument[..equals], argument[(equals + 1)..]) : (argument, null);
    }

    private static int ParseInt(string value, int min, int max = int.MaxValue) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new FormatException(max == int.MaxValue ? $"'{value}' is not a whole number >= {min}" : $"'{value}' is not a whole number from {min} to {max}");

    private static long ParseLong(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
            ? parsed
            : throw new FormatException($"'{value}' is not a whole number >= 0");
}
