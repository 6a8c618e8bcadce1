namespace OrleansLoyalty.LoadTests.Cdnow;

/// <summary>Command line of the <c>cdnow-validate</c> verb.</summary>
public sealed record CdnowOptions(string? DataDirectory, bool IncludeMaster)
{
    public const string Help = """
        usage: dotnet run -c Release --project load-tests -- cdnow-validate [--data DIR] [--master]
          fits BG/NBD and Gamma-Gamma on the CDNOW sample, compares them with the published estimates,
          and prints the holdout comparison (weeks 40-78) and the cumulative repeat-purchase tracking curve
          --data DIR   directory holding CDNOW_sample.txt and CDNOW_master.txt
                       (default: $LOYALTY_CDNOW_DIR, else shared/data/cdnow found walking up from here)
          --master     also fit the full 23,570-customer CDNOW_master.txt and report the fit time
          --help       this text
        """;

    public static (CdnowOptions? Options, string? Error) Parse(string[] args)
    {
        string? dataDirectory = null;
        var includeMaster = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    dataDirectory = args[++i];
                    break;
                case "--data":
                    return (null, "--data needs a directory");
                case "--master":
                    includeMaster = true;
                    break;
                default:
                    return (null, $"unknown option '{args[i]}'");
            }
        }

        return (new CdnowOptions(dataDirectory, includeMaster), null);
    }
}
