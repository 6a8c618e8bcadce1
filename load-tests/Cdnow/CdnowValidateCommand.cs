using System.Diagnostics;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.LoadTests.Cdnow;

/// <summary>
/// The <c>cdnow-validate</c> verb: proves the BG/NBD and Gamma-Gamma implementations against the estimates
/// Fader, Hardie &amp; Lee published on CDNOW, then shows how the forecasts hold up out of sample.
/// </summary>
public static class CdnowValidateCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(CdnowOptions.Help);
            return Task.FromResult(0);
        }

        var (options, error) = CdnowOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine($"cdnow-validate: {error} (cdnow-validate --help lists the options)");
            return Task.FromResult(2);
        }

        var directory = options.DataDirectory
            ?? CdnowData.LocateDirectory(Environment.CurrentDirectory)
            ?? CdnowData.LocateDirectory(AppContext.BaseDirectory);
        if (directory is null || !File.Exists(Path.Combine(directory, CdnowData.SampleFileName)))
        {
            Console.Error.WriteLine($"cdnow-validate: no {CdnowData.SampleFileName} found; pass --data DIR or set {CdnowData.DirectoryVariable}");
            return Task.FromResult(1);
        }

        Console.WriteLine($"CDNOW data in {directory}");
        Console.WriteLine($"calibration {CdnowData.FirstDay:yyyy-MM-dd}..{CdnowData.CalibrationEnd:yyyy-MM-dd}, "
            + $"holdout {CdnowData.CalibrationEnd.AddDays(1):yyyy-MM-dd}..{CdnowData.HoldoutEnd:yyyy-MM-dd}; "
            + "T measured to 1997-09-30 (272/7 weeks for a 1 January buyer)");
        ValidateSample(Path.Combine(directory, CdnowData.SampleFileName));
        if (options.IncludeMaster)
        {
            FitMaster(Path.Combine(directory, CdnowData.MasterFileName));
        }

        return Task.FromResult(0);
    }

    private static void ValidateSample(string path)
    {
        var purchases = CdnowData.ReadSample(path);
        var customers = CalibrationSummaryBuilder.Build(purchases, CdnowData.CalibrationEnd);
        var summaries = customers.Select(customer => customer.Summary).ToArray();
        Console.WriteLine($"\nsample: {purchases.Count:N0} purchase lines, {customers.Count:N0} customers, "
            + $"{summaries.Count(summary => summary.Frequency > 0):N0} with repeat purchases in calibration");

        var (bgNbd, bgNbdTime) = Timed(() => BgNbdFitter.Fit(summaries));
        Console.WriteLine($"\nBG/NBD, sample ({bgNbdTime.TotalMilliseconds:F0} ms, {bgNbd.Convergence.LikelihoodEvaluations} likelihood evaluations)");
        PrintComparisonHeader();
        var published = CdnowData.PublishedBgNbd;
        PrintParameter("r", bgNbd.Parameters.R, published.R);
        PrintParameter("alpha", bgNbd.Parameters.Alpha, published.Alpha);
        PrintParameter("a", bgNbd.Parameters.A, published.A);
        PrintParameter("b", bgNbd.Parameters.B, published.B);
        Console.WriteLine($"  {"log-lik",-8}{bgNbd.LogLikelihood,12:F2}{CdnowData.PublishedBgNbdLogLikelihood,12:F1}{bgNbd.LogLikelihood - CdnowData.PublishedBgNbdLogLikelihood,10:+0.00;-0.00;0.00}");

        var (gammaGamma, gammaGammaTime) = Timed(() => GammaGammaFitter.Fit(summaries));
        Console.WriteLine($"\nGamma-Gamma, sample: {gammaGamma.CustomerCount:N0} repeat buyers ({gammaGammaTime.TotalMilliseconds:F0} ms)");
        PrintComparisonHeader();
        var publishedSpend = CdnowData.PublishedGammaGamma;
        PrintParameter("p", gammaGamma.Parameters.P, publishedSpend.P);
        PrintParameter("q", gammaGamma.Parameters.Q, publishedSpend.Q);
        PrintParameter("gamma", gammaGamma.Parameters.Gamma, publishedSpend.Gamma);

        var comparison = new HoldoutComparison(purchases, customers);
        PrintHoldout(comparison.ByCalibrationFrequency(bgNbd.Parameters));
        PrintTracking(comparison.CumulativeRepeatTransactions(bgNbd.Parameters));
    }

    private static void FitMaster(string path)
    {
        var (purchases, readTime) = Timed(() => CdnowData.ReadMaster(path));
        var (customers, summaryTime) = Timed(() => CalibrationSummaryBuilder.Build(purchases, CdnowData.CalibrationEnd));
        var summaries = customers.Select(customer => customer.Summary).ToArray();
        Console.WriteLine($"\nmaster: {purchases.Count:N0} purchase lines, {customers.Count:N0} customers "
            + $"(read {readTime.TotalMilliseconds:F0} ms, calibration summary {summaryTime.TotalMilliseconds:F0} ms)");

        var (bgNbd, bgNbdTime) = Timed(() => BgNbdFitter.Fit(summaries));
        var parameters = bgNbd.Parameters;
        Console.WriteLine($"BG/NBD, master: r = {parameters.R:F4}, alpha = {parameters.Alpha:F4}, a = {parameters.A:F4}, b = {parameters.B:F4}, "
            + $"log-lik = {bgNbd.LogLikelihood:F2}; fit {bgNbdTime.TotalMilliseconds:F0} ms, {bgNbd.Convergence.LikelihoodEvaluations} likelihood evaluations");

        var (gammaGamma, gammaGammaTime) = Timed(() => GammaGammaFitter.Fit(summaries));
        var spend = gammaGamma.Parameters;
        Console.WriteLine($"Gamma-Gamma, master: {gammaGamma.CustomerCount:N0} repeat buyers with a positive mean repeat spend "
            + $"(of {summaries.Count(summary => summary.Frequency > 0):N0} with x > 0), p = {spend.P:F3}, q = {spend.Q:F3}, gamma = {spend.Gamma:F3}; "
            + $"fit {gammaGammaTime.TotalMilliseconds:F0} ms");

        PrintHoldout(new HoldoutComparison(purchases, customers).ByCalibrationFrequency(parameters));
    }

    private static void PrintComparisonHeader() =>
        Console.WriteLine($"  {"",-8}{"fitted",12}{"published",12}{"diff",10}");

    private static void PrintParameter(string name, double fitted, double published) =>
        Console.WriteLine($"  {name,-8}{fitted,12:F4}{published,12:G4}{(fitted - published) / published,10:+0.00%;-0.00%;0.00%}");

    private static void PrintHoldout(IReadOnlyList<HoldoutGroup> groups)
    {
        Console.WriteLine("\nholdout weeks 40-78, mean transactions per customer by calibration frequency x");
        Console.WriteLine($"  {"x",-4}{"customers",10}{"actual",10}{"predicted",11}");
        foreach (var group in groups)
        {
            Console.WriteLine($"  {group.Frequency,-4}{group.Customers,10:N0}{group.ActualMean,10:F3}{group.PredictedMean,11:F3}");
        }

        var customers = groups.Sum(group => group.Customers);
        Console.WriteLine($"  {"all",-4}{customers,10:N0}{groups.Sum(group => group.ActualMean * group.Customers) / customers,10:F3}"
            + $"{groups.Sum(group => group.PredictedMean * group.Customers) / customers,11:F3}");
    }

    private static void PrintTracking(IReadOnlyList<TrackingWeek> weeks)
    {
        Console.WriteLine("\ncumulative repeat transactions by the end of each week (week 39 ends on 1997-09-30)");
        Console.WriteLine($"  {"week",-6}{"actual",8}{"predicted",11}{"error",9}");
        foreach (var week in weeks)
        {
            var error = week.Actual == 0 ? "" : ((week.Predicted - week.Actual) / week.Actual).ToString("+0.0%;-0.0%;0.0%", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"  {week.Week,-6}{week.Actual,8:N0}{week.Predicted,11:N1}{error,9}");
        }
    }

    private static (T Result, TimeSpan Elapsed) Timed<T>(Func<T> work)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = work();
        return (result, stopwatch.Elapsed);
    }
}
