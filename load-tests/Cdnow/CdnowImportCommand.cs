using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.LoadTests.Pos;

namespace OrleansLoyalty.LoadTests.Cdnow;

/// <summary>
/// The <c>cdnow-import</c> verb: puts the CDNOW customers and their purchases into a running system through
/// the public API, so the predictions are computed on a real ledger. Safe to re-run: everything is keyed.
/// </summary>
public static class CdnowImportCommand
{
    // Generous: a cold grain activation and a group commit under load can take a while, and a retry is cheap.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(CdnowImportOptions.Help);
            return 0;
        }

        var (options, error) = CdnowImportOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine($"cdnow-import: {error} (cdnow-import --help lists the options)");
            return 2;
        }

        var path = options.FilePath ?? DefaultSamplePath();
        if (path is null || !File.Exists(path))
        {
            Console.Error.WriteLine($"cdnow-import: no file at '{path ?? CdnowData.SampleFileName}'; pass --file PATH or set {CdnowData.DirectoryVariable}");
            return 2;
        }

        if (CdnowTransactionFile.TagOf(path) is not { } fileTag)
        {
            Console.Error.WriteLine($"cdnow-import: cannot tell the layout of '{path}': its name must contain 'sample' or 'master'");
            return 2;
        }

        IReadOnlyList<CdnowCustomer> customers;
        try
        {
            customers = CdnowTransactionFile.GroupByCustomer(CdnowTransactionFile.Read(path, fileTag));
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"cdnow-import: {e.Message}");
            return 1;
        }

        if (options.LimitCustomers > 0)
        {
            customers = customers.Take(options.LimitCustomers).ToArray();
        }

        Console.WriteLine($"importing {path} ({fileTag}) into {options.Url}: {customers.Count:N0} customers, "
            + $"{customers.Sum(customer => customer.Transactions.Count):N0} purchases, {options.Concurrency} customers in parallel");
        using var http = new LoyaltyHttpClient(options.Url, options.Concurrency, RequestTimeout);
        var summary = await new CdnowImporter(http, options.AdminApiKey, fileTag).ImportAsync(customers, options.Concurrency);
        summary.Print(Console.Out);
        return summary.Errors == 0 ? 0 : 1;
    }

    private static string? DefaultSamplePath()
    {
        var directory = CdnowData.LocateDirectory(Environment.CurrentDirectory) ?? CdnowData.LocateDirectory(AppContext.BaseDirectory);
        return directory is null ? null : Path.Combine(directory, CdnowData.SampleFileName);
    }
}
