using System.Diagnostics;
using HdrHistogram;

namespace OrleansLoyalty.LoadTests.Pos;

internal sealed record DriveResult(
    IReadOnlyDictionary<PosOperation, (HistogramBase Latencies, long Errors, long Declines)> Operations,
    TimeSpan Window,
    bool WindowIncludesWarmup);

/// <summary>
/// Closed-loop load: each worker sends its next request only when the previous one answered, so the concurrency
/// is exact and the server is never queued beyond it. Figures recorded during warm-up are dropped.
/// </summary>
internal sealed class LoadDriver(PosWorkload workload, IReadOnlyList<LoadMember> members, PosOptions options, RunCounters counters)
{
    private readonly Dictionary<PosOperation, OperationStats> _stats =
        Enum.GetValues<PosOperation>().ToDictionary(operation => operation, _ => new OperationStats());

    private readonly TimeSpan _warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
    private readonly Stopwatch _clock = new();
    private long _requestsStarted;
    private int _windowStarted;
    private TimeSpan _windowStart;

    public async Task<DriveResult> RunAsync()
    {
        var end = _warmup + TimeSpan.FromSeconds(options.DurationSeconds);
        _clock.Start();
        using (StartProgressLine())
        {
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(() => WorkAsync(worker, end))));
        }

        var window = _clock.Elapsed - _windowStart;
        var operations = _stats.ToDictionary(s => s.Key, s => s.Value.CloseWindow());
        return new DriveResult(operations, window, WindowIncludesWarmup: Volatile.Read(ref _windowStarted) == 0 && _warmup > TimeSpan.Zero);
    }

    private async Task WorkAsync(int worker, TimeSpan end)
    {
        // A stream per worker: System.Random is not thread-safe, and a fixed seed makes the request sequence repeatable.
        var random = new Random(unchecked((options.Seed * 7919) + worker));
        while (_clock.Elapsed < end && TryStartRequest())
        {
            StartWindowOnceWarm();
            await RunOneOperationAsync(random);
        }
    }

    private async Task RunOneOperationAsync(Random random)
    {
        while (true)
        {
            var operation = options.Mix.Pick(random);
            var member = members[random.Next(members.Count)];
            switch (operation)
            {
                case PosOperation.Lookup:
                    Record(operation, await workload.LookupAsync(member, random));
                    return;
                case PosOperation.Purchase:
                    Record(operation, await workload.PurchaseAsync(member, random));
                    return;
                case PosOperation.Redeem:
                    Record(operation, await workload.RedeemAsync(member, random));
                    return;
                case PosOperation.Return:
                    // A return takes back part of an acknowledged purchase; until one has something left, draw again.
                    if (await workload.ReturnAsync(random) is not { } returned)
                    {
                        continue;
                    }

                    Record(operation, returned);
                    return;
                case PosOperation.Reward:
                    var (redemption, code) = await workload.RedeemRewardAsync(member);
                    Record(operation, redemption);
                    if (code is not null && random.Next(100) < options.ConsumeCodesPercent)
                    {
                        Record(PosOperation.Consume, await workload.ConsumeCodeAsync(code));
                    }

                    return;
                default:
                    throw new InvalidOperationException($"{operation} is not drawn from a mix");
            }
        }
    }

    private void Record(PosOperation operation, OperationResult result)
    {
        _stats[operation].Record(result);
        counters.Count(OperationMix.Name(operation), result);
    }

    private bool TryStartRequest() =>
        options.MaxRequests == 0 || Interlocked.Increment(ref _requestsStarted) <= options.MaxRequests;

    /// <summary>The first worker past the warm-up resets the figures; everyone after records into the window.</summary>
    private void StartWindowOnceWarm()
    {
        if (_clock.Elapsed < _warmup || Volatile.Read(ref _windowStarted) == 1
            || Interlocked.CompareExchange(ref _windowStarted, 1, 0) != 0)
        {
            return;
        }

        _windowStart = _clock.Elapsed;
        foreach (var stats in _stats.Values)
        {
            stats.StartWindow();
        }
    }

    private ProgressLine StartProgressLine()
    {
        // The run counters include enrolment; progress shows this phase only.
        var requestsBefore = counters.Requests;
        var (lastRequests, lastElapsed) = (0L, TimeSpan.Zero);
        return new ProgressLine(() =>
        {
            var (requests, elapsed) = (counters.Requests - requestsBefore, _clock.Elapsed);
            var rps = (requests - lastRequests) / (elapsed - lastElapsed).TotalSeconds;
            (lastRequests, lastElapsed) = (requests, elapsed);
            var phase = elapsed < _warmup ? "warm-up" : "measure";
            return $"{phase} {elapsed.TotalSeconds,6:F1}s  {requests,9:N0} requests  {rps,8:N0} rps  {counters.Errors:N0} errors";
        });
    }
}
