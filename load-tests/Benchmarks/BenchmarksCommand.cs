using BenchmarkDotNet.Running;

namespace OrleansLoyalty.LoadTests.Benchmarks;

/// <summary>
/// The <c>bench</c> verb: BenchmarkDotNet over every benchmark class in this assembly, so new ones only need
/// to be written. Arguments are BenchmarkDotNet's own, e.g. <c>--filter '*Scoring*' --job short</c>.
/// </summary>
public static class BenchmarksCommand
{
    public static int Run(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarksCommand).Assembly).Run(args);
        return summaries.Any(summary => summary.HasCriticalValidationErrors) ? 1 : 0;
    }
}
