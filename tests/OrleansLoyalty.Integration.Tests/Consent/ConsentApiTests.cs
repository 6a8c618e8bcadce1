using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Consent;

/// <summary>Consent per channel and purpose through the API, on PostgreSQL: conservative default, real changes only, full history.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsentApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_new_member_has_nothing_granted_a_change_is_recorded_once_with_its_source_and_policy_and_the_history_keeps_every_change()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;

        var fresh = await (await app.GetAsync($"/v1/members/{memberId}/consents")).Json(HttpStatusCode.OK);
        Assert.Equal(20, fresh["consents"]!.AsArray().Count);
        Assert.All(fresh["consents"]!.AsArray(), c => Assert.Equal(("denied", "default"), ((string)c!["status"]!, (string)c["source"]!)));

        var granted = await (await Put(memberId, "2026-12", ("email", "marketing", "granted"), ("push", "profiling", "granted"))).Json(HttpStatusCode.OK);
        Assert.Equal(2, (int)granted["recorded"]!);
        var again = await (await Put(memberId, "2026-12", ("email", "marketing", "granted"), ("sms", "marketing", "denied"))).Json(HttpStatusCode.OK);
        Assert.Equal(0, (int)again["recorded"]!);
        await (await Put(memberId, null, ("email", "marketing", "denied"))).Json(HttpStatusCode.OK);

        var current = await (await admin.GetAsync($"/v1/members/{memberId}/consents")).Json(HttpStatusCode.OK);
        var email = current["consents"]!.AsArray().Single(c => (string)c!["channel"]! == "email" && (string)c["purpose"]! == "marketing")!;
        Assert.Equal(("denied", "dev-app"), ((string)email["status"]!, (string)email["source"]!));
        var history = await (await app.GetAsync($"/v1/members/{memberId}/consents/history")).Json(HttpStatusCode.OK);
        Assert.Equal(
            [("email", "marketing", "denied", (string?)null), ("push", "profiling", "granted", "2026-12"), ("email", "marketing", "granted", "2026-12")],
            history["changes"]!.AsArray().Select(c => ((string)c!["channel"]!, (string)c["purpose"]!, (string)c["status"]!, (string?)c["policyVersion"])));
    }

    [Fact]
    public async Task Unknown_channels_purposes_and_statuses_are_400s_listing_the_allowed_values_and_change_nothing()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;

        var problem = await (await Put(memberId, null, ("fax", "marketing", "granted"), ("email", "mind-reading", "granted"), ("sms", "analytics", "maybe"))).Problem(HttpStatusCode.BadRequest, "validation");
        await (await Put(memberId, null, ("email", "marketing", "granted"), ("email", "marketing", "denied"))).Problem(HttpStatusCode.BadRequest, "validation");
        await (await Put("m" + Guid.NewGuid().ToString("N"), null, ("email", "marketing", "granted"))).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await pos.GetAsync($"/v1/members/{memberId}/consents")).Problem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Contains("email, sms, push, in_app, postal", problem["errors"]!["consents[0].channel"]![0]!.ToString());
        Assert.Contains("marketing, personalization, profiling, analytics", problem["errors"]!["consents[1].purpose"]![0]!.ToString());
        Assert.Contains("granted, denied", problem["errors"]!["consents[2].status"]![0]!.ToString());
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM consent_changes WHERE member_id = $1", memberId));
    }

    [Fact]
    public async Task Concurrent_changes_from_several_touchpoints_are_all_recorded_in_one_unbroken_history()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        string[] channels = ["email", "sms", "push", "in_app", "postal"];

        var answers = await Task.WhenAll(channels.Select(channel => Put(memberId, null, (channel, "marketing", "granted"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(5, await fixture.Database.ScalarAsync("SELECT count(*) FROM consent_changes WHERE member_id = $1 AND status = 'granted'", memberId));
        Assert.Equal(5, await fixture.Database.ScalarAsync("SELECT max(sequence) FROM consent_changes WHERE member_id = $1", memberId));
    }

    private Task<HttpResponseMessage> Put(string memberId, string? policyVersion, params (string Channel, string Purpose, string Status)[] consents) =>
        app.PutAsJsonAsync($"/v1/members/{memberId}/consents", new
        {
            consents = consents.Select(c => new { channel = c.Channel, purpose = c.Purpose, status = c.Status }).ToArray(),
            policyVersion,
        });
}
