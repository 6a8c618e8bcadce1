using System.Globalization;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// The CDNOW data set (customers of an online music retailer who first bought in Q1 1997, followed to
/// June 1998) and the estimates published on it, used to prove the models against the literature.
/// File layouts are described in shared/data/cdnow/README.md.
/// </summary>
public static class CdnowData
{
    public const string SampleFileName = "CDNOW_sample.txt";
    public const string MasterFileName = "CDNOW_master.txt";

    /// <summary>Overrides where <see cref="LocateDirectory"/> looks.</summary>
    public const string DirectoryVariable = "LOYALTY_CDNOW_DIR";

    /// <summary>First day of the cohort's acquisition window and of the calibration period.</summary>
    public static readonly DateOnly FirstDay = new(1997, 1, 1);

    /// <summary>Last day of the 39-week calibration period.</summary>
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    /// <summary>Last day of the 39-week holdout period (weeks 40–78).</summary>
    public static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    /// <summary>Fader, Hardie &amp; Lee (2005), Marketing Science 24(2): BG/NBD on the 2,357-customer sample.</summary>
    public static readonly BgNbdParameters PublishedBgNbd = new(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426);

    /// <summary>The log-likelihood published with <see cref="PublishedBgNbd"/>.</summary>
    public const double PublishedBgNbdLogLikelihood = -9582.4;

    /// <summary>Fader, Hardie &amp; Lee (2005), JMR 42(4): Gamma-Gamma on the 946 sample customers with repeat purchases.</summary>
    public static readonly GammaGammaParameters PublishedGammaGamma = new(p: 6.25, q: 3.74, gamma: 15.44);

    /// <summary>
    /// The 1/10 sample: no header, columns master_id sample_id date(yyyyMMdd) number_of_cds dollar_value;
    /// the customer is the sample_id (1..2357).
    /// </summary>
    public static IReadOnlyList<DatedPurchase<int>> ReadSample(string path) =>
        Read(path, headerLines: 0, customerColumn: 1, dateColumn: 2, amountColumn: 4);

    /// <summary>The full cohort: one header line, columns customer_id date(yyyyMMdd) number_of_cds dollar_value.</summary>
    public static IReadOnlyList<DatedPurchase<int>> ReadMaster(string path) =>
        Read(path, headerLines: 1, customerColumn: 0, dateColumn: 1, amountColumn: 3);

    /// <summary>
    /// The directory holding the CDNOW files: the <see cref="DirectoryVariable"/> environment variable if set,
    /// otherwise the first shared/data/cdnow found walking up from <paramref name="startDirectory"/> (the
    /// checkout lives at &lt;root&gt;/main and the data at &lt;root&gt;/shared/data/cdnow). Null when neither has it.
    /// </summary>
    public static string? LocateDirectory(string startDirectory)
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, SampleFileName)) ? configured : null;
        }

        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "cdnow");
            if (File.Exists(Path.Combine(candidate, SampleFileName)))
            {
                return candidate;
            }
        }

        return null;
    }

    private static DatedPurchase<int>[] Read(string path, int headerLines, int customerColumn, int dateColumn, int amountColumn)
    {
        var purchases = new List<DatedPurchase<int>>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber <= headerLines || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length <= amountColumn
                || !int.TryParse(columns[customerColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var customer)
                || !DateOnly.TryParseExact(columns[dateColumn], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !decimal.TryParse(columns[amountColumn], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                throw new FormatException($"{path}:{lineNumber}: not a CDNOW transaction line: '{line}'.");
            }

            purchases.Add(new DatedPurchase<int>(customer, day, amount));
        }

        return purchases.ToArray();
    }
}
