using OrleansLoyalty.Grains.Feed;
using OrleansLoyalty.Storage.Feed;

namespace OrleansLoyalty.Integration.Tests.Feed;

public sealed class FeedWatermarkTests
{
    [Fact]
    public void A_probe_becomes_safe_only_when_every_transaction_it_saw_running_has_ended()
    {
        var watermark = new FeedWatermark();

        Assert.Equal(0, watermark.Observe(lastPosition: 10, snapshotXmax: 500, snapshotXmin: 490));
        Assert.Equal(0, watermark.Observe(lastPosition: 12, snapshotXmax: 505, snapshotXmin: 499));
        Assert.Equal(10, watermark.Observe(lastPosition: 15, snapshotXmax: 510, snapshotXmin: 500));
        Assert.Equal(15, watermark.Observe(lastPosition: 15, snapshotXmax: 512, snapshotXmin: 512));
    }

    [Fact]
    public void With_nothing_in_flight_the_latest_position_is_safe_at_once()
    {
        var watermark = new FeedWatermark();

        Assert.Equal(7, watermark.Observe(lastPosition: 7, snapshotXmax: 100, snapshotXmin: 100));
    }
}
