using System.Collections.Concurrent;
using Npgsql;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Grains.Feed;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Feed;

namespace OrleansLoyalty.Integration.Tests.Feed;

/// <summary>The change feed on a real PostgreSQL: gap-safe positions, and consumers that resume without loss or reordering.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChangeFeedTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    private ChangeFeedStore Store => new(Cluster.Database.DataSource);

    [Fact]
    public async Task The_feed_never_shows_a_position_before_an_earlier_in_flight_one_commits()
    {
        var slow = await Commands.EnrolledMember(Cluster.Client);
        var fast = await Commands.EnrolledMember(Cluster.Client);
        var watermark = new FeedWatermark();

        // A writer draws a position and holds its transaction open.
        await using var held = await Cluster.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await held.BeginTransactionAsync();
        var heldPosition = await InsertRedemption(held, transaction, slow, version: 2, key: "held");
        // A later writer draws a higher position and commits first.
        await using (var quick = await Cluster.Database.DataSource.OpenConnectionAsync())
        {
            Assert.True(await InsertRedemption(quick, null, fast, version: 2, key: "quick") > heldPosition);
        }

        var (whileHeld, _) = await Store.ProbeSafePosition(watermark);
        Assert.True(whileHeld < heldPosition, $"safe position {whileHeld} passed the in-flight position {heldPosition}");
        Assert.DoesNotContain(await Store.Read(0, whileHeld, 10_000), e => e.Position >= heldPosition);

        await transaction.CommitAsync();
        var safe = await Eventually.Succeeds(async () =>
        {
            var (position, _) = await Store.ProbeSafePosition(watermark);
            return position > heldPosition ? position : throw new InvalidOperationException($"safe position {position} not yet past {heldPosition}");
        }, TimeSpan.FromSeconds(10), "the safe position passing the committed write");
        var events = await Store.Read(0, safe, 10_000);
        Assert.Contains(events, e => e.MemberId == slow && e.Version == 2);
        Assert.Contains(events, e => e.MemberId == fast && e.Version == 2);
    }

    [Fact]
    public async Task A_consumer_killed_mid_batch_resumes_without_loss_or_reordering_per_member()
    {
        var members = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Commands.EnrolledMember(Cluster.Client)));
        var writes = members.SelectMany(id => Enumerable.Range(0, 5).Select(i => (Id: id, Key: $"buy-{i}")))
            .OrderBy(_ => Random.Shared.Next()).ToList();
        foreach (var chunk in writes.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(w => Cluster.Client.GetGrain<IMemberGrain>(w.Id).RecordPurchase(Commands.Purchase(w.Key, 10m))));
        }
        var consumer = "test-" + Guid.NewGuid().ToString("N");
        var seen = new ConcurrentQueue<FeedEvent>();
        var crashing = new RecordingHandler(consumer, seen, crashAfter: 3);

        // The first instance handles a few batches, then dies halfway through one.
        var first = new FeedConsumption(Store, crashing, batchSize: 10);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => first.CatchUp(maxBatches: 1_000));
        // A new instance (a new activation elsewhere) starts from the checkpoint in PostgreSQL.
        var second = new FeedConsumption(Store, new RecordingHandler(consumer, seen), batchSize: 10);
        await Eventually.Succeeds(async () =>
        {
            await second.CatchUp(maxBatches: 1_000);
            var ours = seen.Where(e => members.Contains(e.MemberId)).Select(e => (e.MemberId, e.Version)).Distinct().Count();
            Assert.Equal(members.Length * 6, ours);
            return true;
        }, TimeSpan.FromSeconds(20), "every event of the members reaching the consumer");

        foreach (var memberEvents in seen.Where(e => members.Contains(e.MemberId)).GroupBy(e => e.MemberId))
        {
            // At least once, in order: versions never go down except where the crashed batch is handed over again.
            var versions = memberEvents.Select(e => e.Version).ToList();
            Assert.Equal(Enumerable.Range(1, 6), versions.Distinct().Order());
            Assert.True(IsOrderedAcrossReplays(versions), $"member {memberEvents.Key} saw versions {string.Join(",", versions)}");
        }
    }

    /// <summary>Each delivery pass is in order; a replay restarts from an earlier version, never skips one.</summary>
    private static bool IsOrderedAcrossReplays(List<int> versions)
    {
        var highest = 0;
        foreach (var version in versions)
        {
            if (version > highest + 1) return false;
            highest = Math.Max(highest, version);
        }
        return true;
    }

    private static async Task<long> InsertRedemption(NpgsqlConnection connection, NpgsqlTransaction? transaction, string memberId, int version, string key)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO member_events (member_id, version, event_type, idempotency_key, payload)
            SELECT $1, $2, 'adjusted', $3, jsonb_build_object('kind', 'adjusted', 'recordedAt', now(), 'idempotencyKey', $3::text,
                   'fingerprint', $3::text, 'points', 1, 'reason', 'test', 'actor', 'test')
            WHERE pg_current_xact_id() IS NOT NULL
            RETURNING position
            """, connection, transaction);
        command.Parameters.AddWithValue(memberId);
        command.Parameters.AddWithValue(version);
        command.Parameters.AddWithValue(key);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class RecordingHandler(string consumer, ConcurrentQueue<FeedEvent> seen, int? crashAfter = null) : IFeedHandler
    {
        private int batches;

        public string Consumer => consumer;

        public Task Handle(IReadOnlyList<FeedEvent> batch, CancellationToken cancellationToken)
        {
            batches++;
            for (var i = 0; i < batch.Count; i++)
            {
                // Dies halfway through the batch after its first few: what it handled is not checkpointed.
                if (batches > crashAfter && i == batch.Count / 2) throw new SimulatedCrashException();
                seen.Enqueue(batch[i]);
            }
            return Task.CompletedTask;
        }
    }

    private sealed class SimulatedCrashException : Exception;
}
