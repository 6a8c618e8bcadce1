using System.Collections.Concurrent;
using HdrHistogram;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>
/// How one request ended, as far as the statistics are concerned: an error, or a refusal the server was right to give
/// (its problem slug, e.g. <c>insufficient-points</c>), or neither.
/// </summary>
internal readonly record struct OperationResult(long LatencyMicros, string? Error = null, string? Refusal = null)
{
    public bool IsError => Error is not null;

    public bool Declined => Refusal is not null;
}

/// <summary>
/// Latency and outcome counts of one operation. The HdrHistogram <see cref="Recorder"/> lets many workers
/// record while the measurement window is swapped out, which is how warm-up figures are dropped without a pause.
/// </summary>
internal sealed class OperationStats
{
    /// <summary>Values are microseconds; anything slower than an hour is clamped rather than thrown on.</summary>
    public const long HighestMicros = 3_600_000_000;

    public const int SignificantDigits = 3;

    private readonly Recorder _latencies = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1).WithValuesUpTo(HighestMicros).WithPrecisionOf(SignificantDigits)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    private long _windowErrors;
    private long _windowDeclines;

    public void Record(OperationResult result)
    {
        _latencies.RecordValue(Math.Clamp(result.LatencyMicros, 1, HighestMicros));
        if (result.IsError)
        {
            Interlocked.Increment(ref _windowErrors);
        }
        else if (result.Declined)
        {
            Interlocked.Increment(ref _windowDeclines);
        }
    }

    /// <summary>Drops everything recorded so far: the measurement window starts now.</summary>
    public void StartWindow()
    {
        _latencies.GetIntervalHistogram();
        Interlocked.Exchange(ref _windowErrors, 0);
        Interlocked.Exchange(ref _windowDeclines, 0);
    }

    /// <summary>Takes the window's latencies (once) with its error and decline counts.</summary>
    public (HistogramBase Latencies, long Errors, long Declines) CloseWindow() =>
        (_latencies.GetIntervalHistogram(), Interlocked.Read(ref _windowErrors), Interlocked.Read(ref _windowDeclines));
}

/// <summary>Running totals over the whole run (enrolment and warm-up included) for progress lines, error reasons and refusals.</summary>
internal sealed class RunCounters
{
    private readonly ConcurrentDictionary<string, long> _errorReasons = new();
    private readonly ConcurrentDictionary<string, long> _refusals = new();
    private long _requests;
    private long _errors;

    public long Requests => Interlocked.Read(ref _requests);
    public long Errors => Interlocked.Read(ref _errors);

    public void Count(string operation, OperationResult result)
    {
        Interlocked.Increment(ref _requests);
        if (result.Error is { } error)
        {
            Interlocked.Increment(ref _errors);
            _errorReasons.AddOrUpdate($"{operation}: {error}", 1, (_, count) => count + 1);
        }
        else if (result.Refusal is { } refusal)
        {
            _refusals.AddOrUpdate($"{operation}: {refusal}", 1, (_, count) => count + 1);
        }
    }

    public IReadOnlyList<KeyValuePair<string, long>> ErrorReasons() => MostFirst(_errorReasons);

    /// <summary>Refusals by operation and kind (<c>redeem: insufficient-points</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Refusals() => MostFirst(_refusals);

    private static List<KeyValuePair<string, long>> MostFirst(ConcurrentDictionary<string, long> counts) =>
        counts.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
}
