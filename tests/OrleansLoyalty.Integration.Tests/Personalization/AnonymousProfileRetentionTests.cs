using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Personalization;

namespace OrleansLoyalty.Integration.Tests.Personalization;

/// <summary>A cluster whose anonymous profiles are kept one hour after their last event (Loyalty:AnonymousProfiles:Retention).</summary>
public sealed class OneHourRetentionFixture : IAsyncLifetime
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public LoyaltyTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await LoyaltyTestCluster.StartAsync(
        silos: 1, settings: new Dictionary<string, string?> { ["Loyalty:AnonymousProfiles:Retention"] = "01:00:00" });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// Anonymous profiles that never join a member are deleted by the durable scheduler once the retention passed
/// since their last event. Time is played by moving rows into the past, as the scheduler tests do.
/// </summary>
public sealed class AnonymousProfileRetentionTests(OneHourRetentionFixture fixture) : IClassFixture<OneHourRetentionFixture>
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_new_profile_is_checked_once_the_configured_retention_has_passed()
    {
        var cookie = await SeenCookie();

        Assert.Equal(1, await Cluster.Database.ScalarAsync("""
            SELECT count(*) FROM due_work d JOIN anonymous_profiles p ON d.key = p.id::text
            WHERE d.kind = 'anonymous-profile-expiry' AND p.identifier_value = $1 AND d.due_at = p.first_seen_at + interval '1 hour'
            """, cookie));
    }

    [Fact]
    public async Task A_profile_seen_since_lives_on_and_is_checked_again_a_retention_after_its_last_event()
    {
        var cookie = await SeenCookie();
        // Its check falls due while its last event is recent (as after a second visit 40 minutes after the first).
        await Backdate(cookie, lastSeen: TimeSpan.FromMinutes(20));
        await CheckNow(cookie);

        await Eventually.Holds(async () => await Cluster.Database.ScalarAsync("""
            SELECT count(*) FROM due_work d JOIN anonymous_profiles p ON d.key = p.id::text
            WHERE p.identifier_value = $1 AND d.due_at = p.last_seen_at + interval '1 hour'
            """, cookie) == 1, TimeSpan.FromSeconds(20), "the check moved to an hour after the last event");
        Assert.Equal(1, await Events(cookie));
    }

    [Fact]
    public async Task A_profile_unseen_for_the_retention_is_deleted_with_its_events_and_an_absorbed_one_is_kept()
    {
        var (unseen, absorbed) = (await SeenCookie(), await SeenCookie());
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        await new BehaviourStore(Cluster.Database.DataSource).Absorb(new Identifier(IdentifierType.WebCookie, absorbed), memberId, DateTimeOffset.UtcNow);
        foreach (var cookie in new[] { unseen, absorbed })
        {
            await Backdate(cookie, lastSeen: TimeSpan.FromHours(2));
            await CheckNow(cookie);
        }

        await Eventually.Holds(async () => await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1", unseen) == 0, TimeSpan.FromSeconds(20), "the unseen profile's deletion");
        await Eventually.Holds(async () => await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM due_work d JOIN anonymous_profiles p ON d.key = p.id::text WHERE p.identifier_value = $1", absorbed) == 0,
            TimeSpan.FromSeconds(20), "the absorbed profile's check settled");
        Assert.Equal(0, await Events(unseen));
        Assert.Equal(1, await Cluster.Database.ScalarAsync("SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1 AND absorbed_by = $2", absorbed, memberId));
        Assert.Equal(1, await Events(absorbed));
    }

    private async Task<string> SeenCookie()
    {
        var cookie = $"cookie-{Guid.NewGuid():N}";
        Assert.Equal(BehaviourEventOutcome.Recorded, await Cluster.Client.GetGrain<IBehaviourEventsGrain>(0).Record(
            new RecordBehaviourEventCommand(new IdentifierValue(IdentifierType.WebCookie, cookie), "app_open", null, null, null, null, null)));
        return cookie;
    }

    private Task Backdate(string cookie, TimeSpan lastSeen) => Cluster.Database.ScalarAsync(
        "WITH moved AS (UPDATE anonymous_profiles SET first_seen_at = now() - interval '3 hours', last_seen_at = now() - $2::interval WHERE identifier_value = $1 RETURNING 1) SELECT count(*) FROM moved",
        cookie, lastSeen);

    private Task CheckNow(string cookie) => Cluster.Database.ScalarAsync(
        "WITH due AS (UPDATE due_work d SET due_at = now() FROM anonymous_profiles p WHERE d.key = p.id::text AND d.kind = 'anonymous-profile-expiry' AND p.identifier_value = $1 RETURNING 1) SELECT count(*) FROM due",
        cookie);

    private Task<long> Events(string cookie) => Cluster.Database.ScalarAsync("SELECT count(*) FROM behaviour_events WHERE identifier_value = $1", cookie);
}
