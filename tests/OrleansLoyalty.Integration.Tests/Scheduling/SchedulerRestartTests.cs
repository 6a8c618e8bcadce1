using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Scheduling;

/// <summary>Timed work is durable: what fell due while the whole cluster was down runs when it is back.</summary>
public sealed class SchedulerRestartTests
{
    [Fact]
    public async Task Work_due_during_a_full_cluster_stop_fires_after_restart()
    {
        await using var database = await TestDatabase.CreateAsync();
        string memberId;
        await using (var before = await LoyaltyTestCluster.StartAsync(silos: 1, database))
        {
            memberId = await Commands.EnrolledMember(before.Client);
            await before.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(Commands.Purchase("long-ago", 25m) with { OccurredAt = DateTimeOffset.UtcNow.AddDays(-200) });
            await Eventually.Holds(async () => await database.ScalarAsync("SELECT count(*) FROM member_segments WHERE member_id = $1", memberId) == 1, TimeSpan.FromSeconds(10), "the index entry");
        }

        // While nothing runs, the index goes stale and the member's re-evaluation falls due.
        await database.ScalarAsync("WITH s AS (UPDATE member_segments SET stage = 'first_purchase' WHERE member_id = $1 RETURNING 1) SELECT count(*) FROM s", memberId);
        await database.ScalarAsync("WITH d AS (UPDATE due_work SET due_at = now() - interval '1 hour' WHERE key = $1 RETURNING 1) SELECT count(*) FROM d", memberId);

        await using var after = await LoyaltyTestCluster.StartAsync(silos: 1, database);
        await Eventually.Holds(async () => await database.ScalarAsync(
            "SELECT count(*) FROM member_segments WHERE member_id = $1 AND stage = 'inactive'", memberId) == 1, TimeSpan.FromSeconds(20), "the overdue re-evaluation");
        // The shard settles the item (moves it a day on) just after the member answered.
        await Eventually.Holds(async () => await database.ScalarAsync("SELECT count(*) FROM due_work WHERE key = $1 AND due_at > now() + interval '23 hours'", memberId) == 1, TimeSpan.FromSeconds(10), "the next re-evaluation");
    }
}
