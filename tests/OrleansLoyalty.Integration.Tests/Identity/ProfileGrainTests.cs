using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Identity;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>The profile grain on real PostgreSQL: Orleans grain storage for its state, the member's stream for its events.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProfileGrainTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task The_profile_is_kept_in_orleans_grain_storage_and_survives_deactivation()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var profile = Cluster.Client.GetGrain<IProfileGrain>(memberId);
        await profile.UpdateProfile(Change(firstName: "Zoe"));

        await Cluster.Cluster.DeactivateAsync(profile);

        Assert.Equal("Zoe", (await profile.GetProfile())!.Profile.FirstName);
        Assert.Equal(1, await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring LIKE '%profile%' AND grainidextensionstring = $1", memberId));
    }

    [Fact]
    public async Task A_profile_state_behind_the_stream_catches_up_from_its_events()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var profile = Cluster.Client.GetGrain<IProfileGrain>(memberId);
        await profile.GetProfile();
        await Cluster.Cluster.DeactivateAsync(profile);
        // As if the state write failed after the event committed: the event is there, the stored state is older.
        var missed = new ProfileChanged(DateTimeOffset.UtcNow, new MemberProfile("Ida", null, "it-IT", "Europe/Rome"), ["firstName", "lastName", "locale", "timeZone"], "test");
        Assert.NotNull(await new ProfileStore(Cluster.Database.DataSource).TryAppendAtEnd(memberId, missed));

        var caughtUp = (await profile.GetProfile())!.Profile;

        Assert.Equal(new ProfileData("Ida", null, "it-IT", "Europe/Rome"), caughtUp);
    }

    [Fact]
    public async Task Profile_changes_racing_purchases_lose_nothing_and_leave_the_statement_to_points()
    {
        var memberId = await Commands.EnrolledMember(Cluster.Client);
        var ledger = Cluster.Client.GetGrain<IMemberGrain>(memberId);
        var profile = Cluster.Client.GetGrain<IProfileGrain>(memberId);

        var purchases = Enumerable.Range(0, 20).Select(i => ledger.RecordPurchase(Commands.Purchase($"race-{i}", 10m)));
        var changes = Enumerable.Range(0, 10).Select(i => profile.UpdateProfile(Change(firstName: $"Name{i}")));
        var purchaseResults = await Task.WhenAll(purchases);
        var changeResults = await Task.WhenAll(changes);

        // A purchase that lost every race to profile changes answers "retry": retried with its key, it applies once.
        foreach (var (result, i) in purchaseResults.Select((r, i) => (r, i)).Where(p => p.r.Status == CommandStatus.Unavailable))
        {
            Assert.Equal(CommandStatus.Applied, (await ledger.RecordPurchase(Commands.Purchase($"race-{i}", 10m))).Status);
        }
        Assert.All(changeResults, r => Assert.Equal(ProfileUpdateStatus.Updated, r.Status));
        Assert.Equal(200, (await ledger.GetWallet())!.PointsBalance);
        Assert.Equal(30, await Cluster.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1 AND version > 1", memberId));
        Assert.Equal(31, await Cluster.Database.ScalarAsync("SELECT max(version) FROM member_events WHERE member_id = $1", memberId));
        var statement = (await ledger.GetLedger(null, 100))!.Entries;
        Assert.Equal(20, statement.Count);
        Assert.All(statement, line => Assert.Equal(10, line.Points));
        // The changes ran in the order the grain received them: the card shows whichever came last.
        Assert.Equal((await profile.GetProfile())!.Profile.FirstName, (await ledger.GetCard())!.FirstName);
    }

    private static UpdateProfileCommand Change(string firstName) => new(firstName, null, null, null, "test");
}
