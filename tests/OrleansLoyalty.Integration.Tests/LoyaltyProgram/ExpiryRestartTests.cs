using System.Text.Json.Nodes;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>Expiry is durable: points of a member who never comes back expire on time even when the cluster was down in between.</summary>
public sealed class ExpiryRestartTests
{
    [Fact]
    public async Task Points_of_an_inactive_member_expire_after_a_full_cluster_stop_between_earn_and_expiry()
    {
        await using var database = await TestDatabase.CreateAsync();
        string memberId;
        long earned;
        await using (var before = await LoyaltyTestCluster.StartAsync(silos: 1, database))
        {
            var program = JsonNode.Parse(ProgramDefinition.DefaultJson)!.AsObject();
            program["expiry"] = new JsonObject { ["policy"] = "months-after-earn", ["months"] = 1 };
            await before.Client.GetGrain<IProgramGrain>(0).Replace(program.ToJsonString(), "test");
            memberId = await Commands.EnrolledMember(before.Client);
            // Earned a month ago less three seconds: the points expire three seconds from now, while no silo runs.
            var purchase = await before.Client.GetGrain<IMemberGrain>(memberId).RecordPurchase(
                Commands.Purchase("expiring", 40m) with { OccurredAt = DateTimeOffset.UtcNow.AddMonths(-1).AddSeconds(3) });
            Assert.Equal(CommandStatus.Applied, purchase.Status);
            earned = purchase.PointsEarned;
            Assert.Equal(earned, (await before.Client.GetGrain<IMemberGrain>(memberId).GetWallet())!.Expiring.Within30Days);
        }

        // Nothing runs until the lot is past its expiry (the database's clock decides).
        await Eventually.Holds(async () => await database.ScalarAsync(
            "SELECT count(*) FROM due_work WHERE kind = 'points-lots' AND key LIKE $1 || '@%' AND due_at <= now()", memberId) == 1,
            TimeSpan.FromSeconds(20), "the expiry falling due while the cluster is down");

        await using var after = await LoyaltyTestCluster.StartAsync(silos: 1, database);
        var member = after.Client.GetGrain<IMemberGrain>(memberId);
        var expired = await Eventually.Succeeds(async () =>
            (await member.GetLedger(null, 10))!.Entries[0] is { Type: "expire" } line ? line : throw new InvalidOperationException("not expired yet"),
            TimeSpan.FromSeconds(30), "the expiry after the restart");
        Assert.Equal(-earned, expired.Points);
        Assert.Equal(0, (await member.GetWallet())!.PointsBalance);
    }
}
