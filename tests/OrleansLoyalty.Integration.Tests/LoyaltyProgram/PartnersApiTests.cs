using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>Coalition partners on the shipped default program (its demo partner p-demo, key dev-partner-key).</summary>
[Collection(GatewayCollection.Name)]
public sealed class PartnersApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);
    private readonly HttpClient partner = fixture.Gateway.ClientWithKey(Api.PartnerKey);

    [Fact]
    public async Task A_partner_earns_and_burns_for_a_member_who_linked_its_id_learns_nothing_else_and_settles_what_it_moved()
    {
        var from = DateOnly.FromDateTime(DateTime.UtcNow);
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        var partnerMemberId = $"FF-{Guid.NewGuid():N}"[..16];
        await (await app.PostAsJsonAsync($"/v1/members/{memberId}/identifiers", new { type = "partner", value = $"p-demo:{partnerMemberId}" })).Json(HttpStatusCode.Created);

        var earned = await (await Earn(partnerMemberId, "flight-1", 42.90m)).Json(HttpStatusCode.OK);
        var retried = await (await Earn(partnerMemberId, "flight-1", 42.90m)).Json(HttpStatusCode.OK);
        Assert.Equal(["partnerId", "partnerMemberId", "pointsEarned", "replayed"], earned.PropertyNames());
        Assert.Equal((42L, false), ((long)earned["pointsEarned"]!, (bool)earned["replayed"]!));
        Assert.Equal((42L, true), ((long)retried["pointsEarned"]!, (bool)retried["replayed"]!));
        // The partner's keys are a space of their own: a till using the same key is a new request.
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("flight-1", 10m))).Json(HttpStatusCode.OK);

        var burnt = await (await Burn(partnerMemberId, "lounge-1", 30)).Json(HttpStatusCode.OK);
        Assert.Equal(30L, (long)burnt["pointsRedeemed"]!);
        var refused = await (await Burn(partnerMemberId, "lounge-2", 9_999)).Problem(HttpStatusCode.Conflict, "insufficient-points");
        Assert.DoesNotContain("22", (string)refused["detail"]!);

        await (await Earn("NEVER-LINKED", "flight-2", 10m)).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await partner.PostAsJsonAsync("/v1/partners/skyline/earnings", EarnBody(partnerMemberId, "flight-3", 10m))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await partner.GetAsync("/v1/members/" + memberId)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await partner.GetAsync("/v1/reports/partners/skyline/settlement")).Problem(HttpStatusCode.Forbidden, "forbidden");

        var wallet = await (await app.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(42L + 10 - 30, (long)wallet["pointsBalance"]!);
        var settlement = await Eventually.Succeeds(async () =>
        {
            var report = await (await partner.GetAsync($"/v1/reports/partners/p-demo/settlement?from={from:yyyy-MM-dd}")).Json(HttpStatusCode.OK);
            Assert.Equal(30L, (long)report["pointsRedeemed"]!);
            return report;
        }, TimeSpan.FromSeconds(30), "the settlement");
        Assert.Equal((42L, 1, 1, 12L), ((long)settlement["pointsIssued"]!, (int)settlement["earnings"]!, (int)settlement["redemptions"]!, (long)settlement["net"]!));
    }

    private Task<HttpResponseMessage> Earn(string partnerMemberId, string key, decimal amount) =>
        partner.PostAsJsonAsync("/v1/partners/p-demo/earnings", EarnBody(partnerMemberId, key, amount));

    private static object EarnBody(string partnerMemberId, string key, decimal amount) =>
        new { idempotencyKey = key, partnerMemberId, amount, currency = "EUR", occurredAt = Api.PurchaseTime, reference = "AB123 FRA-LIS" };

    private Task<HttpResponseMessage> Burn(string partnerMemberId, string key, long points) =>
        partner.PostAsJsonAsync("/v1/partners/p-demo/redemptions", new { idempotencyKey = key, partnerMemberId, points, reason = "lounge access" });
}
