using System.Globalization;

namespace OrleansLoyalty.LoadTests.Cdnow;

/// <summary>Command line of the <c>cdnow-import</c> verb.</summary>
internal sealed record CdnowImportOptions
{
    public string? FilePath { get; init; }
    public Uri Url { get; init; } = new("http://127.0.0.1:5080");
    public string AdminApiKey { get; init; } = "dev-admin-key";
    public int Concurrency { get; init; } = 16;
    public int LimitCustomers { get; init; }

    public const string Help = """
        usage: dotnet run -c Release --project load-tests -- cdnow-import [options]
          loads a CDNOW transaction file into a running system through the gateway: one member per customer,
          one purchase per line (same-day lines are not merged). Every request carries an idempotency key
          derived from the file, so running it again replays instead of doubling anything.

          --file PATH             CDNOW_sample.txt or CDNOW_master.txt; the name says which layout
                                  (default: CDNOW_sample.txt in $LOYALTY_CDNOW_DIR, else shared/data/cdnow found walking up)
          --url URL               gateway base address                           (default http://127.0.0.1:5080)
          --api-key KEY           admin key, sent as X-Api-Key                   (default dev-admin-key)
          --concurrency N         customers imported in parallel                 (default 16)
          --limit-customers N     only the first N customers of the file         (default 0 = all)
          --help                  this text

        keys: member cdnow-<sample|master>-<customerId>, purchase cdnow-<sample|master>-<customerId>-<line number in the file>
        exit codes: 0 every line applied or replayed, 1 errors remain (re-run to retry them), 2 bad usage
        """;

    /// <summary>Returns the options, or an error message for the first bad argument.</summary>
    public static (CdnowImportOptions? Options, string? Error) Parse(string[] args)
    {
        var options = new CdnowImportOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            Func<string, CdnowImportOptions>? apply = name switch
            {
                "--file" => value => options with { FilePath = value },
                "--url" => value => options with { Url = new Uri(value, UriKind.Absolute) },
                "--api-key" => value => options with { AdminApiKey = value },
                "--concurrency" => value => options with { Concurrency = ParseInt(value, min: 1) },
                "--limit-customers" => value => options with { LimitCustomers = ParseInt(value, min: 0) },
                _ => null,
            };
            if (apply is null)
            {
                return (null, $"unknown option '{name}'");
            }

            if (i + 1 >= args.Length)
            {
                return (null, $"{name} needs a value");
            }

            try
            {
                options = apply(args[++i]);
            }
            catch (FormatException e)
            {
                // UriFormatException is a FormatException too.
                return (null, $"{name}: {e.Message}");
            }
        }

        return (options, null);
    }

    private static int ParseInt(string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min
            ? parsed
            : throw new FormatException($"'{value}' is not a whole number >= {min}");
}
