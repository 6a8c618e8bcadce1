using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Feed;

[Collection(GatewayCollection.Name)]
public sealed class FeedApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient integration = fixture.Gateway.ClientWithKey(Api.IntegrationKey);

    [Fact]
    public async Task Integrators_poll_committed_events_in_order_in_the_public_schema()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        await (await admin.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("feed-buy", 30m))).Json(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/v1/members/{memberId}/redemptions", Api.RedemptionBody("feed-redeem", 10))).Json(HttpStatusCode.OK);

        // The feed shows a position once every transaction that could still commit below it has ended: poll until ours are out.
        var ours = new List<System.Text.Json.Nodes.JsonNode>();
        long after = 0;
        await Eventually.Holds(async () =>
        {
            for (var pages = 0; pages < 1_000; pages++)
            {
                var page = await (await integration.GetAsync($"/v1/feed?after={after}&limit=50")).Json(HttpStatusCode.OK);
                var events = page["events"]!.AsArray();
                ours.AddRange(events.Where(e => (string)e!["memberId"]! == memberId)!);
                var next = (long)page["nextAfter"]!;
                if (events.Count == 0 && next == after) break;
                Assert.True(events.Select(e => (long)e!["position"]!).SequenceEqual(events.Select(e => (long)e!["position"]!).Order()));
                after = next;
            }
            return ours.Count >= 3;
        }, TimeSpan.FromSeconds(10), "the member's three events in the feed");

        Assert.Equal(["member.enrolled", "points.earned", "points.redeemed"], ours.Select(e => (string)e["type"]!));
        Assert.Equal([1, 2, 3], ours.Select(e => (int)e["version"]!));
        Assert.Equal(30L, (long)ours[1]["data"]!["points"]!);
        Assert.Equal("shoes", (string)ours[1]["data"]!["lines"]![0]!["category"]!);
        Assert.Null(ours[0]["data"]!["email"]);
    }

    [Fact]
    public async Task The_feed_is_for_admins_and_integrators_only_and_refuses_bad_cursors()
    {
        await (await fixture.Gateway.ClientWithKey(Api.PosKey).GetAsync("/v1/feed")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await integration.GetAsync("/v1/members/lookup?type=email&value=a%40b.de")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await integration.GetAsync("/v1/feed?after=-1")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await integration.GetAsync("/v1/feed?limit=5000")).Problem(HttpStatusCode.BadRequest, "validation");
    }
}
