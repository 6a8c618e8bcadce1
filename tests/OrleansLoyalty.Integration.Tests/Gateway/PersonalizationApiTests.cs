using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class PersonalizationApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_new_member_is_offered_a_welcome_and_a_shopper_a_discount_on_their_favourite_category_with_reasons()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        var asLead = await (await app.GetAsync($"/v1/members/{memberId}/offers")).Json(HttpStatusCode.OK);

        await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("shoes-1", 80m));
        var asShopper = await (await app.GetAsync($"/v1/members/{memberId}/offers")).Json(HttpStatusCode.OK);

        Assert.Equal(["welcome"], asLead["offers"]!.AsArray().Select(o => (string)o!["kind"]!));
        var discount = Assert.Single(asShopper["offers"]!.AsArray(), o => (string)o!["kind"]! == "category-discount")!;
        Assert.Equal("shoes", (string)discount["category"]!);
        Assert.Contains(discount["reasons"]!.AsArray(), r => ((string)r!).Contains("shoes", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("issued", (string)discount["state"]!);
        var behaviour = await (await app.GetAsync($"/v1/members/{memberId}/behaviour")).Json(HttpStatusCode.OK);
        Assert.Equal("shoes", (string)behaviour["favouriteCategories"]![0]!["category"]!);
        Assert.Equal(("first_purchase", 0m), ((string)behaviour["stage"]!, (decimal)behaviour["priceSensitivity"]!));
        Assert.StartsWith("R5", (string)behaviour["rfm"]!["cell"]!);
    }

    [Fact]
    public async Task Activating_and_redeeming_an_offer_are_idempotent_and_an_offer_is_used_once()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("shoes-1", 80m));
        var offers = await (await app.GetAsync($"/v1/members/{memberId}/offers")).Json(HttpStatusCode.OK);
        var offerId = Uri.EscapeDataString((string)offers["offers"]!.AsArray().First(o => (string)o!["kind"]! == "category-discount")!["id"]!);

        var activated = await (await app.PostAsJsonAsync($"/v1/members/{memberId}/offers/{offerId}/activation", new { idempotencyKey = "act-1" })).Json(HttpStatusCode.OK);
        var activatedAgain = await (await app.PostAsJsonAsync($"/v1/members/{memberId}/offers/{offerId}/activation", new { idempotencyKey = "act-1" })).Json(HttpStatusCode.OK);
        var redeemed = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/offers/{offerId}/redemption", new { idempotencyKey = "use-1" })).Json(HttpStatusCode.OK);
        var redeemedAgain = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/offers/{offerId}/redemption", new { idempotencyKey = "use-1" })).Json(HttpStatusCode.OK);
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/offers/{offerId}/redemption", new { idempotencyKey = "use-2" })).Problem(HttpStatusCode.Conflict, "offer-already-redeemed");

        Assert.Equal(("activated", "active"), ((string)activated["outcome"]!, (string)activated["offer"]!["state"]!));
        Assert.Equal("activated", (string)activatedAgain["outcome"]!);
        Assert.Equal(("redeemed", "redeemed"), ((string)redeemed["outcome"]!, (string)redeemed["offer"]!["state"]!));
        Assert.Equal("redeemed", (string)redeemedAgain["outcome"]!);
        Assert.Equal(3, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type LIKE 'offer-%' OR (member_id = $1 AND event_type = 'earned')", memberId));
    }

    [Fact]
    public async Task Offer_commands_for_unknown_offers_or_without_a_key_are_refused()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;

        await (await app.PostAsJsonAsync($"/v1/members/{memberId}/offers/no-such-offer/activation", new { idempotencyKey = "k" })).Problem(HttpStatusCode.NotFound, "offer-not-found");
        await (await app.PostAsJsonAsync($"/v1/members/{memberId}/offers/welcome/activation", new { })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/offers/welcome/redemption", new { idempotencyKey = "k" })).Problem(HttpStatusCode.Conflict, "offer-not-active");
    }

    [Fact]
    public async Task Segments_count_and_list_members_by_lifecycle_stage_without_asking_each_member()
    {
        var lead = (string)(await Api.Enrol(admin))["memberId"]!;
        var buyer = (string)(await Api.Enrol(admin))["memberId"]!;
        await pos.PostAsJsonAsync($"/v1/members/{buyer}/purchases", Api.PurchaseBody("first", 30m));

        // The index is written a moment after the events (it is a projection): poll with a deadline.
        var (leads, firstBuyers) = await Eventually.Succeeds(async () =>
        {
            var (l, f) = (await MembersOf("lead"), await MembersOf("first_purchase"));
            return l.Contains(lead) && f.Contains(buyer) ? (l, f) : throw new InvalidOperationException("index not caught up yet");
        }, TimeSpan.FromSeconds(10), "the segment index");
        var counts = await (await admin.GetAsync("/v1/segments")).Json(HttpStatusCode.OK);

        Assert.Contains(counts["segments"]!.AsArray(), s => (string)s!["stage"]! == "first_purchase" && (int)s["members"]! >= 1);
        Assert.DoesNotContain(buyer, leads);
        Assert.DoesNotContain(lead, firstBuyers);
        await (await admin.GetAsync("/v1/segments/members")).Problem(HttpStatusCode.BadRequest, "validation");
    }

    private async Task<List<string>> MembersOf(string stage)
    {
        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = await (await admin.GetAsync($"/v1/segments/members?stage={stage}&limit=500{(after is null ? "" : "&after=" + after)}")).Json(HttpStatusCode.OK);
            ids.AddRange(page["memberIds"]!.AsArray().Select(id => (string)id!));
            after = (string?)page["nextAfter"];
        }
        while (after is not null);
        return ids;
    }
}
