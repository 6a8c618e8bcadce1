using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class EnrolmentTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Concurrent_enrolments_racing_for_one_email_leave_it_with_exactly_one_member()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Cluster.Client.GetGrain<IProfileGrain>(MemberId.New()).Enrol(Commands.Enrol(email))));

        var winner = Assert.Single(results, r => r.Status == EnrolmentStatus.Enrolled);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(EnrolmentStatus.IdentifierTaken, r.Status));
        Assert.Equal(1, await Cluster.Database.ScalarAsync(
            "SELECT count(*) FROM member_identifiers WHERE identifier_type = 'email' AND identifier_value = $1", email));
        Assert.Equal(1, await Cluster.Database.ScalarAsync(
            "SELECT count(DISTINCT e.member_id) FROM member_events e JOIN member_identifiers i ON i.member_id = e.member_id WHERE i.identifier_value = $1", email));
        var resolved = await Cluster.Client.GetGrain<IIdentifierGrain>(IdentifierKey.For(IdentifierType.Email, email)).ResolveMemberId();
        Assert.Equal(winner.Member!.MemberId, resolved);
    }

    [Fact]
    public async Task Enrolment_assigns_a_unique_valid_loyalty_number_that_resolves_to_the_member()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Cluster.Client.GetGrain<IProfileGrain>(MemberId.New()).Enrol(Commands.Enrol())));

        var numbers = results.Select(r => r.Member!.LoyaltyNumber).ToList();
        Assert.All(numbers, n => Assert.True(LoyaltyNumber.IsValid(n), n));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var first = results[0].Member!;
        Assert.Equal(first.MemberId, await Cluster.Client.GetGrain<IIdentifierGrain>(
            IdentifierKey.For(IdentifierType.Loyalty, first.LoyaltyNumber)).ResolveMemberId());
    }

    [Fact]
    public async Task A_retried_enrolment_with_its_idempotency_key_returns_the_same_member()
    {
        var key = "enrol-" + Guid.NewGuid().ToString("N");
        var command = Commands.Enrol() with { IdempotencyKey = key };
        var member = Cluster.Client.GetGrain<IProfileGrain>(MemberId.ForEnrolmentKey(key));

        var first = await member.Enrol(command);
        await Cluster.Cluster.DeactivateAsync(member);
        await Cluster.Cluster.WaitForDeactivationAsync(member);
        var retry = await member.Enrol(command);
        var different = await member.Enrol(Commands.Enrol() with { IdempotencyKey = key });

        Assert.Equal(EnrolmentStatus.Enrolled, first.Status);
        Assert.Equal((EnrolmentStatus.Replayed, first.Member!.LoyaltyNumber), (retry.Status, retry.Member!.LoyaltyNumber));
        Assert.Equal(EnrolmentStatus.IdempotencyKeyConflict, different.Status);
    }
}
