using System.Globalization;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.LoadTests.Cdnow;

/// <summary>One line of a CDNOW file as it is imported: nothing merged, the line number kept for the idempotency key.</summary>
public sealed record CdnowTransaction(int LineNumber, int CustomerId, DateOnly Day, int Quantity, decimal Amount);

/// <summary>A customer's lines in file order, which is the order they are posted in.</summary>
public sealed record CdnowCustomer(int CustomerId, IReadOnlyList<CdnowTransaction> Transactions);

/// <summary>
/// Reads a CDNOW transaction file line by line. <see cref="CdnowData"/> reads the same files for the models but
/// keeps only customer, day and dollars; the import also needs number_of_cds and each line's position.
/// </summary>
public static class CdnowTransactionFile
{
    public const string SampleTag = "sample";
    public const string MasterTag = "master";

    private sealed record Layout(int HeaderLines, int CustomerColumn, int DateColumn, int QuantityColumn, int AmountColumn);

    // Column layouts as in shared/data/cdnow/README.md; the sample's customer is its sample_id, not master_id.
    private static readonly Layout SampleLayout = new(HeaderLines: 0, CustomerColumn: 1, DateColumn: 2, QuantityColumn: 3, AmountColumn: 4);
    private static readonly Layout MasterLayout = new(HeaderLines: 1, CustomerColumn: 0, DateColumn: 1, QuantityColumn: 2, AmountColumn: 3);

    /// <summary>"sample" or "master" from the file name (CDNOW_sample.txt, CDNOW_master.txt); null when it names neither.</summary>
    public static string? TagOf(string path)
    {
        var name = Path.GetFileName(path);
        var isSample = name.Contains(SampleTag, StringComparison.OrdinalIgnoreCase);
        var isMaster = name.Contains(MasterTag, StringComparison.OrdinalIgnoreCase);
        return isSample == isMaster ? null : isSample ? SampleTag : MasterTag;
    }

    /// <summary>Every transaction of the file; throws <see cref="FormatException"/> naming the first bad line.</summary>
    public static IReadOnlyList<CdnowTransaction> Read(string path, string tag)
    {
        var layout = tag == SampleTag ? SampleLayout : MasterLayout;
        var transactions = new List<CdnowTransaction>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber > layout.HeaderLines && !string.IsNullOrWhiteSpace(line))
            {
                transactions.Add(ParseLine(line, lineNumber, layout)
                    ?? throw new FormatException($"{path}:{lineNumber}: not a CDNOW {tag} transaction line: '{line}'."));
            }
        }

        return transactions;
    }

    /// <summary>Customers in order of their first line, each with its lines in file order.</summary>
    public static IReadOnlyList<CdnowCustomer> GroupByCustomer(IEnumerable<CdnowTransaction> transactions) =>
        transactions
            .GroupBy(transaction => transaction.CustomerId)
            .Select(group => new CdnowCustomer(group.Key, group.ToArray()))
            .ToArray();

    private static CdnowTransaction? ParseLine(string line, int lineNumber, Layout layout)
    {
        var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return columns.Length > layout.AmountColumn
            && int.TryParse(columns[layout.CustomerColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var customer)
            && DateOnly.TryParseExact(columns[layout.DateColumn], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && int.TryParse(columns[layout.QuantityColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
            && decimal.TryParse(columns[layout.AmountColumn], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                ? new CdnowTransaction(lineNumber, customer, day, quantity, amount)
                : null;
    }
}
