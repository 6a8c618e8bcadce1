using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansLoyalty.Grains.Feed;

/// <summary>Consumer lag (positions between the safe high-water mark and the checkpoint) as an OpenTelemetry gauge.</summary>
public static class FeedMetrics
{
    public const string MeterName = "OrleansLoyalty.Feed";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, long> Lags = new(StringComparer.Ordinal);

    static FeedMetrics() => Meter.CreateObservableGauge(
        "loyalty.feed.consumer.lag",
        () => Lags.Select(lag => new Measurement<long>(lag.Value, new KeyValuePair<string, object?>("consumer", lag.Key))),
        unit: "{position}",
        description: "Feed positions a consumer has not handled yet (safe high-water mark minus checkpoint).");

    public static void RecordLag(string consumer, long lag) => Lags[consumer] = lag;
}
