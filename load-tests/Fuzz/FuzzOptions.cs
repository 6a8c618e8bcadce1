using System.Globalization;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>Command-line options of the <c>fuzz</c> verb.</summary>
internal sealed record FuzzOptions
{
    public Uri BaseUrl { get; init; } = new("http://127.0.0.1:5080");
    public int Seed { get; init; } = 1;
    public int Budget { get; init; } = 3000;
    public int Concurrency { get; init; } = 8;
    public int Members { get; init; } = 5;
    public int BurstSize { get; init; } = 100;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan RecoveryLimit { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxSeconds { get; init; } = 600;
    public int Examples { get; init; } = 3;
    public ApiKeys Keys { get; init; } = new("dev-admin-key", "dev-pos-key", "dev-app-key");

    public const string Help = """
        usage: fuzz [options]
          Enrols a few members, snapshots what they see, then sends malformed and adversarial requests to every
          endpoint of a running gateway. Fails on a 5xx, an unanswered request, a 4xx that is not a clean RFC 7807
          problem, a fuzz write answered 2xx, a member that stops answering, or any change to a member.

          --base-url URL          gateway base address                          (default http://127.0.0.1:5080)
          --seed N                seed of the case order and values             (default 1)
          --budget N              fuzz requests to send                         (default 3000)
          --concurrency C         requests in flight at once                    (default 8)
          --members N             members the cases aim at, at least 2          (default 5, plus 5 for key reuse)
          --burst N               requests between wallet probes                (default 100)
          --timeout SECONDS       per-request timeout; a timeout is a failure   (default 10)
          --probe-timeout-ms MS   a probed wallet must answer within this       (default 1000)
          --recovery-seconds S    how long to wait for an unresponsive member   (default 30)
          --max-seconds S         stop sending after this long (a failure)      (default 600)
          --examples N            examples printed per failure class            (default 3)
          --admin-key KEY         key of the admin role                         (default dev-admin-key)
          --pos-key KEY           key of the pos role                           (default dev-pos-key)
          --app-key KEY           key of the app role                           (default dev-app-key)
          --help                  show this text

        exit codes: 0 no failures, 1 failures (or the system could not be set up), 2 bad usage
        """;

    private static readonly Dictionary<string, Func<FuzzOptions, string, FuzzOptions>> Setters = new(StringComparer.Ordinal)
    {
        ["--base-url"] = (o, v) => o with { BaseUrl = new Uri(v, UriKind.Absolute) },
        ["--url"] = (o, v) => o with { BaseUrl = new Uri(v, UriKind.Absolute) },
        ["--seed"] = (o, v) => o with { Seed = Whole(v, 0) },
        ["--budget"] = (o, v) => o with { Budget = Whole(v, 1) },
        ["--concurrency"] = (o, v) => o with { Concurrency = Whole(v, 1) },
        // Identifier-taken and merge cases name a second member of the run.
        ["--members"] = (o, v) => o with { Members = Whole(v, 2) },
        ["--burst"] = (o, v) => o with { BurstSize = Whole(v, 1) },
        ["--timeout"] = (o, v) => o with { Timeout = TimeSpan.FromSeconds(Whole(v, 1)) },
        ["--probe-timeout-ms"] = (o, v) => o with { ProbeTimeout = TimeSpan.FromMilliseconds(Whole(v, 1)) },
        ["--recovery-seconds"] = (o, v) => o with { RecoveryLimit = TimeSpan.FromSeconds(Whole(v, 0)) },
        ["--max-seconds"] = (o, v) => o with { MaxSeconds = Whole(v, 1) },
        ["--examples"] = (o, v) => o with { Examples = Whole(v, 0) },
        ["--admin-key"] = (o, v) => o with { Keys = o.Keys with { Admin = v } },
        ["--pos-key"] = (o, v) => o with { Keys = o.Keys with { Pos = v } },
        ["--app-key"] = (o, v) => o with { Keys = o.Keys with { App = v } },
    };

    /// <summary>Returns the options, or an error message for the first bad argument.</summary>
    public static (FuzzOptions? Options, string? Error) Parse(string[] args)
    {
        var options = new FuzzOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var equals = args[i].IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals > 0 ? (args[i][..equals], args[i][(equals + 1)..]) : (args[i], i + 1 < args.Length ? args[++i] : null);
            if (!Setters.TryGetValue(name, out var set))
            {
                return (null, $"unknown option {name}");
            }

            if (value is null)
            {
                return (null, $"{name} needs a value");
            }

            try
            {
                options = set(options, value);
            }
            catch (FormatException e)
            {
                return (null, $"{name}: {e.Message}");
            }
        }

        return (options, null);
    }

    private static int Whole(string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min
            ? parsed
            : throw new FormatException($"'{value}' is not a whole number >= {min}");
}
