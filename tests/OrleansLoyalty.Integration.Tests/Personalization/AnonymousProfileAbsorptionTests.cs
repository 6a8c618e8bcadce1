using Microsoft.Extensions.Logging.Abstractions;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.Grains.Personalization;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Feed;
using OrleansLoyalty.Storage.Identity;
using OrleansLoyalty.Storage.Personalization;

namespace OrleansLoyalty.Integration.Tests.Personalization;

/// <summary>Anonymous profiles join a member through the change feed: once, whole, and also for a device linked after enrolment.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AnonymousProfileAbsorptionTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    private IBehaviourEventsGrain Events => Cluster.Client.GetGrain<IBehaviourEventsGrain>(0);

    [Fact]
    public async Task A_device_linked_after_enrolment_brings_its_anonymous_events_and_a_replayed_feed_moves_nothing_again()
    {
        var device = new Identifier(IdentifierType.AppDevice, $"device-{Guid.NewGuid():N}");
        for (var i = 0; i < 3; i++) Assert.Equal(BehaviourEventOutcome.Recorded, await Events.Record(View(device, "lamps")));
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var member = Cluster.Client.GetGrain<IMemberGrain>(memberId);
        Assert.Empty((await member.GetBehaviour())!.FavouriteCategories);

        // The link as the identity capability records it: an identifier-linked event at the end of the member's stream.
        var linked = new IdentifierLinked(DateTimeOffset.UtcNow, device, Verified: true, Source: "app-login");
        var version = await new ProfileStore(Cluster.Database.DataSource).TryAppendAtEnd(memberId, linked);
        Assert.NotNull(version);

        await Eventually.Holds(async () => await MemberEvents(device, memberId) == 3, TimeSpan.FromSeconds(20), "the profile's events joining the member");
        // The member was told: its favourites, read before the link, are read again.
        var lamps = await Eventually.Succeeds(async () => Assert.Single((await member.GetBehaviour())!.FavouriteCategories), TimeSpan.FromSeconds(10), "the member's favourites");
        Assert.Equal(("lamps", 3), (lamps.Category, lamps.Views));

        var replay = new AnonymousProfileAbsorption(Cluster.Client, new BehaviourStore(Cluster.Database.DataSource), TimeProvider.System, NullLogger<AnonymousProfileAbsorption>.Instance);
        var again = new FeedEvent(long.MaxValue, memberId, version.Version!.Value, DateTimeOffset.UtcNow, linked);
        await replay.Handle([again, again], CancellationToken.None);
        Assert.Equal(3, await MemberEvents(device, memberId));
        Assert.Equal(1, await Cluster.Database.ScalarAsync("SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1 AND absorbed_by = $2", device.Value, memberId));
    }

    [Fact]
    public async Task An_event_written_after_the_absorption_goes_to_the_member_even_before_the_identifier_index_shows_the_link()
    {
        var cookie = new Identifier(IdentifierType.WebCookie, $"cookie-{Guid.NewGuid():N}");
        await Events.Record(View(cookie, "rugs"));
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var store = new BehaviourStore(Cluster.Database.DataSource);

        Assert.Equal(1, await store.Absorb(cookie, memberId, DateTimeOffset.UtcNow));
        // member_identifiers has no row for the cookie here: the absorbed profile names the member.
        Assert.Equal(BehaviourEventOutcome.Recorded, await Events.Record(View(cookie, "rugs")));

        Assert.Equal(2, await MemberEvents(cookie, memberId));
        Assert.Equal(0, await Cluster.Database.ScalarAsync("SELECT count(*) FROM behaviour_events WHERE identifier_value = $1 AND member_id IS NULL", cookie.Value));
    }

    [Fact]
    public async Task An_unlinked_device_starts_a_new_anonymous_profile_and_what_it_did_as_the_member_stays_theirs()
    {
        var device = new Identifier(IdentifierType.AppDevice, $"device-{Guid.NewGuid():N}");
        await Events.Record(View(device, "chairs"));
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var profiles = new ProfileStore(Cluster.Database.DataSource);
        await profiles.TryAppendAtEnd(memberId, new IdentifierLinked(DateTimeOffset.UtcNow, device, true, "app-login"));
        await Eventually.Holds(async () => await MemberEvents(device, memberId) == 1, TimeSpan.FromSeconds(20), "the absorption");

        await profiles.TryAppendAtEnd(memberId, new IdentifierUnlinked(DateTimeOffset.UtcNow, device, "app-logout"));
        await Eventually.Holds(async () => await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1", device.Value) == 0, TimeSpan.FromSeconds(20), "the release");
        await Events.Record(View(device, "chairs"));

        Assert.Equal(1, await MemberEvents(device, memberId));
        Assert.Equal(1, await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM behaviour_events WHERE identifier_value = $1 AND member_id IS NULL", device.Value));
        Assert.Equal(1, await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1 AND absorbed_by IS NULL", device.Value));
    }

    private static RecordBehaviourEventCommand View(Identifier identifier, string category) =>
        new(new IdentifierValue(identifier.Type, identifier.Value), "product_view", null, "SKU-1", category, null, null);

    private Task<long> MemberEvents(Identifier identifier, string memberId) => Cluster.Database.ScalarAsync(
        "SELECT count(*) FROM behaviour_events WHERE identifier_type = $1 AND identifier_value = $2 AND member_id = $3", identifier.Type, identifier.Value, memberId);
}
