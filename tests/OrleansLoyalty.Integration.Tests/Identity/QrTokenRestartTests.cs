using System.Net;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>A QR token is used once in the whole system: another gateway, or the cluster after a full restart, refuses it too.</summary>
public sealed class QrTokenRestartTests
{
    [Fact]
    public async Task A_used_token_is_refused_by_another_gateway_and_after_the_whole_cluster_restarted()
    {
        await using var database = await TestDatabase.CreateAsync();
        string token;
        await using (var before = await LoyaltyTestCluster.StartAsync(silos: 1, database))
        await using (var first = GatewayFactory.ClientOf(before))
        await using (var second = GatewayFactory.ClientOf(before))
        {
            var memberId = (string)(await Api.Enrol(first.ClientWithKey(Api.AppKey)))["memberId"]!;
            token = await Api.QrToken(first.ClientWithKey(Api.AppKey), memberId);
            await (await first.ClientWithKey(Api.PosKey).GetAsync(Api.QrLookup(token))).Json(HttpStatusCode.OK);

            await (await second.ClientWithKey(Api.PosKey).GetAsync(Api.QrLookup(token))).Problem(HttpStatusCode.NotFound, "member-not-found");
        }

        await using var after = await LoyaltyTestCluster.StartAsync(silos: 1, database);
        await using var restarted = GatewayFactory.ClientOf(after);
        await (await restarted.ClientWithKey(Api.PosKey).GetAsync(Api.QrLookup(token))).Problem(HttpStatusCode.NotFound, "member-not-found");
    }
}
