using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>Linking and unlinking identifiers, resolving them, and caches of owners that are only hints.</summary>
[Collection(GatewayCollection.Name)]
public sealed class IdentifiersApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_linked_identifier_records_how_it_was_linked_and_finds_the_member_at_the_till_and_in_resolve()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;
        var device = "app-" + Guid.NewGuid().ToString("N");

        var link = await (await Link(app, memberId, "app_device", device, verified: true)).Json(HttpStatusCode.Created);

        Assert.Equal(("app_device", device, true, "dev-app"), ((string)link["type"]!, (string)link["value"]!, (bool)link["verified"]!, (string)link["source"]!));
        var member = await (await admin.GetAsync($"/v1/members/{memberId}")).Json(HttpStatusCode.OK);
        var identifiers = member["identifiers"]!.AsArray().Select(i => ((string)i!["type"]!, (bool)i["verified"]!, (string)i["source"]!)).ToList();
        Assert.Contains(("app_device", true, "dev-app"), identifiers);
        Assert.Contains(("email", false, "enrolment"), identifiers);
        Assert.Contains(("loyalty", true, "program"), identifiers);
        Assert.Equal(memberId, (string)(await (await pos.GetAsync($"/v1/members/lookup?type=app_device&value={device}")).Json(HttpStatusCode.OK))["memberId"]!);
        Assert.Equal(memberId, (string)(await (await pos.GetAsync($"/v1/identity/resolve?type=app_device&value={device}")).Json(HttpStatusCode.OK))["memberId"]!);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type = 'identifier-linked'", memberId));
    }

    [Fact]
    public async Task Linking_what_another_member_owns_is_a_409_that_reveals_nothing_of_that_member()
    {
        var owner = await Api.Enrol(app, new
        {
            identifiers = new[] { new { type = "email", value = $"owner.{Guid.NewGuid():N}@example.com" } },
            profile = new { firstName = "Zelda", lastName = "Quist" },
        });
        var email = (string)owner["identifiers"]!.AsArray().First(i => (string)i!["type"]! == "email")!["value"]!;
        var other = (string)(await Api.Enrol(app))["memberId"]!;

        var response = await Link(app, other, "email", email.ToUpperInvariant());
        var problem = await response.Problem(HttpStatusCode.Conflict, "identifier-taken");

        var body = problem.ToJsonString();
        Assert.DoesNotContain((string)owner["memberId"]!, body);
        Assert.DoesNotContain("Zelda", body);
        Assert.DoesNotContain("Quist", body);
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type = 'identifier-linked'", other));
    }

    [Fact]
    public async Task Linking_again_is_idempotent_and_only_a_verification_is_recorded()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;
        var card = "4000 1234 5678 9010";

        await (await Link(admin, memberId, "pos_card", card)).Json(HttpStatusCode.Created);
        var again = await (await Link(admin, memberId, "pos_card", "4000-1234-5678-9010")).Json(HttpStatusCode.OK);
        var verified = await (await Link(admin, memberId, "pos_card", card, verified: true)).Json(HttpStatusCode.Created);
        await (await Link(admin, memberId, "pos_card", card)).Json(HttpStatusCode.OK);

        Assert.False((bool)again["verified"]!);
        Assert.True((bool)verified["verified"]!);
        Assert.Equal(2, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type = 'identifier-linked'", memberId));
    }

    [Fact]
    public async Task An_unlinked_identifier_is_never_served_from_its_old_owner_and_can_go_to_another_member()
    {
        var first = (string)(await Api.Enrol(app))["memberId"]!;
        var second = (string)(await Api.Enrol(app))["memberId"]!;
        var cookie = "web-" + Guid.NewGuid().ToString("N");
        await (await Link(app, first, "web_cookie", cookie)).Json(HttpStatusCode.Created);
        // The gateway and the identifier grain now remember the owner.
        Assert.Equal(first, (string)(await (await pos.GetAsync($"/v1/members/lookup?type=web_cookie&value={cookie}")).Json(HttpStatusCode.OK))["memberId"]!);

        (await app.DeleteAsync($"/v1/members/{first}/identifiers/web_cookie/{cookie}")).EnsureSuccessStatusCode();

        await (await pos.GetAsync($"/v1/members/lookup?type=web_cookie&value={cookie}")).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await pos.GetAsync($"/v1/identity/resolve?type=web_cookie&value={cookie}")).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await app.DeleteAsync($"/v1/members/{first}/identifiers/web_cookie/{cookie}")).Problem(HttpStatusCode.NotFound, "identifier-not-linked");

        await (await Link(app, second, "web_cookie", cookie)).Json(HttpStatusCode.Created);
        Assert.Equal(second, (string)(await (await pos.GetAsync($"/v1/members/lookup?type=web_cookie&value={cookie}")).Json(HttpStatusCode.OK))["memberId"]!);
    }

    [Fact]
    public async Task The_last_strong_identifier_cannot_be_removed()
    {
        var member = await Api.Enrol(app);
        var memberId = (string)member["memberId"]!;
        string Value(string type) => (string)member["identifiers"]!.AsArray().First(i => (string)i!["type"]! == type)!["value"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await app.DeleteAsync($"/v1/members/{memberId}/identifiers/email/{Value("email")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.DeleteAsync($"/v1/members/{memberId}/identifiers/phone/{Uri.EscapeDataString(Value("phone"))}")).StatusCode);
        await (await app.DeleteAsync($"/v1/members/{memberId}/identifiers/loyalty/{Value("loyalty")}")).Problem(HttpStatusCode.Conflict, "last-strong-identifier");

        var after = await (await admin.GetAsync($"/v1/members/{memberId}")).Json(HttpStatusCode.OK);
        Assert.Equal(["loyalty"], after["identifiers"]!.AsArray().Select(i => (string)i!["type"]!));
    }

    [Theory]
    [InlineData("""{"type":"fax","value":"123"}""", "type")]
    [InlineData("""{"type":"email","value":"not-an-email"}""", "value")]
    [InlineData("""{"type":"loyalty","value":"400000000010"}""", "type")]
    [InlineData("""{"type":"external","value":"no-namespace"}""", "value")]
    [InlineData("""{"value":"a@b.example"}""", "type")]
    public async Task An_invalid_link_is_a_400_naming_the_field(string body, string field)
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;

        var problem = await (await admin.PostAsync($"/v1/members/{memberId}/identifiers", Api.RawJson(body))).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Only_admins_and_the_app_link_and_only_admins_and_the_pos_resolve()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;

        await (await Link(pos, memberId, "app_device", "device-" + Guid.NewGuid().ToString("N"))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.GetAsync("/v1/identity/resolve?type=email&value=a@b.example")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Link(admin, "m" + Guid.NewGuid().ToString("N"), "app_device", "device-" + Guid.NewGuid().ToString("N"))).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await pos.GetAsync("/v1/identity/resolve?type=email&value=nobody." + Guid.NewGuid().ToString("N") + "@example.com")).Problem(HttpStatusCode.NotFound, "member-not-found");
    }

    private static Task<HttpResponseMessage> Link(HttpClient client, string memberId, string type, string value, bool? verified = null) =>
        client.PostAsJsonAsync($"/v1/members/{memberId}/identifiers", new { type, value, verified });
}
