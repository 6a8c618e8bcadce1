using Npgsql;
using OrleansLoyalty.Grains.Feed;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Feed;

namespace OrleansLoyalty.Integration.Tests.Feed;

public sealed class FeedWatermarkTests
{
    [Fact]
    public void A_probe_becomes_safe_only_when_every_transaction_it_saw_running_has_ended()
    {
        var watermark = new FeedWatermark();

        Assert.Equal(0, watermark.Observe(lastPosition: 10, xidHorizon: 500, snapshotXmin: 490));
        Assert.Equal(0, watermark.Observe(lastPosition: 12, xidHorizon: 505, snapshotXmin: 499));
        Assert.Equal(10, watermark.Observe(lastPosition: 15, xidHorizon: 510, snapshotXmin: 500));
        Assert.Equal(15, watermark.Observe(lastPosition: 15, xidHorizon: 512, snapshotXmin: 512));
    }

    [Fact]
    public void With_nothing_in_flight_the_latest_position_is_safe_at_once()
    {
        var watermark = new FeedWatermark();

        Assert.Equal(7, watermark.Observe(lastPosition: 7, xidHorizon: 100, snapshotXmin: 100));
    }

    /// <summary>
    /// The newest transaction still running is outside a snapshot's running list when no later one completed (its id is at
    /// or above xmax): the position it drew must still not be declared final until it ends.
    /// </summary>
    [Fact]
    public async Task A_position_drawn_by_the_newest_running_transaction_is_not_safe_until_that_transaction_ends()
    {
        await using var database = await TestDatabase.CreateAsync();
        var feed = new ChangeFeedStore(database.DataSource);
        var watermark = new FeedWatermark();
        await using var writer = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var draw = new NpgsqlCommand(
            "SELECT pg_current_xact_id(), nextval(pg_get_serial_sequence('member_events', 'position'))", writer, transaction))
        {
            await draw.ExecuteNonQueryAsync();
        }
        var drawn = await database.ScalarAsync("SELECT pg_sequence_last_value(pg_get_serial_sequence('member_events', 'position'))");

        for (var probe = 0; probe < 3; probe++)
        {
            Assert.True((await feed.ProbeSafePosition(watermark)).Safe < drawn);
        }
        await transaction.RollbackAsync();
        await Eventually.Holds(async () => (await feed.ProbeSafePosition(watermark)).Safe == drawn, TimeSpan.FromSeconds(10), "the rolled-back position becoming final");
    }
}
