using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Identity;

/// <summary>PATCH /v1/members/{id}/profile: a validated merge patch, recorded as an event the feed shows, never a no-op event.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProfileApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);
    private readonly HttpClient integration = fixture.Gateway.ClientWithKey(Api.IntegrationKey);

    [Fact]
    public async Task A_profile_change_shows_on_the_member_the_pos_card_and_the_feed_without_names()
    {
        var member = await Api.Enrol(app);
        var memberId = (string)member["memberId"]!;

        var changed = await (await Patch(app, memberId, """{"firstName":"  Anna ","lastName":null,"timeZone":"America/New_York"}""")).Json(HttpStatusCode.OK);

        Assert.Equal(("Anna", null, "de-DE", "America/New_York"),
            ((string)changed["firstName"]!, (string?)changed["lastName"], (string?)changed["locale"], (string?)changed["timeZone"]));
        var fetched = await (await admin.GetAsync($"/v1/members/{memberId}")).Json(HttpStatusCode.OK);
        Assert.Equal("Anna", (string)fetched["profile"]!["firstName"]!);
        Assert.Null((string?)fetched["profile"]!["lastName"]);
        Assert.Equal("member", (string)fetched["tier"]!);
        var card = await (await pos.GetAsync($"/v1/members/lookup?type=loyalty&value={member["loyaltyNumber"]}")).Json(HttpStatusCode.OK);
        Assert.Equal("Anna", (string)card["firstName"]!);

        var profileEvent = await FeedEventOf(memberId, "member.profile_changed");
        Assert.Equal(["firstName", "lastName", "timeZone"], profileEvent["data"]!["changedFields"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("America/New_York", (string)profileEvent["data"]!["timeZone"]!);
        Assert.DoesNotContain("Anna", profileEvent.ToJsonString());
    }

    [Fact]
    public async Task Asking_for_the_profile_it_already_has_answers_200_and_records_nothing()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;

        await (await Patch(admin, memberId, """{"firstName":"Ann","locale":"de-DE"}""")).Json(HttpStatusCode.OK);

        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1 AND event_type = 'profile-changed'", memberId));
    }

    [Theory]
    [InlineData("""{"firstName":null}""", "firstName")]
    [InlineData("""{"firstName":"   "}""", "firstName")]
    [InlineData("""{"nickname":"Al"}""", "nickname")]
    [InlineData("""{"locale":42}""", "locale")]
    [InlineData("""{"locale":"German"}""", "locale")]
    [InlineData("""{"timeZone":"Mars/Olympus"}""", "timeZone")]
    [InlineData("""{"lastName":"a\u0000b"}""", "lastName")]
    [InlineData("""{"lastName":"a\ud800b"}""", "lastName")]
    [InlineData("""{}""", "body")]
    [InlineData("""["firstName"]""", "body")]
    public async Task An_invalid_patch_is_a_400_naming_the_field_and_changes_nothing(string patch, string field)
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;

        var problem = await (await Patch(app, memberId, patch)).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]![field]);
        var fetched = await (await admin.GetAsync($"/v1/members/{memberId}")).Json(HttpStatusCode.OK);
        Assert.Equal(("Ann", "Lee"), ((string)fetched["profile"]!["firstName"]!, (string)fetched["profile"]!["lastName"]!));
    }

    [Fact]
    public async Task Only_admins_and_the_app_change_profiles_and_only_of_members_that_exist()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;

        await (await Patch(pos, memberId, """{"firstName":"Eve"}""")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Patch(admin, "m" + Guid.NewGuid().ToString("N"), """{"firstName":"Eve"}""")).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await Patch(admin, "not-a-member", """{"firstName":"Eve"}""")).Problem(HttpStatusCode.NotFound, "member-not-found");
    }

    [Fact]
    public async Task A_merge_patch_content_type_is_accepted()
    {
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;
        var content = new StringContent("""{"locale":"fr-FR"}""", System.Text.Encoding.UTF8, "application/merge-patch+json");

        var changed = await (await app.PatchAsync($"/v1/members/{memberId}/profile", content)).Json(HttpStatusCode.OK);

        Assert.Equal("fr-FR", (string)changed["locale"]!);
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string memberId, string json) =>
        client.PatchAsync($"/v1/members/{memberId}/profile", Api.RawJson(json));

    /// <summary>The member's event of that type as integrators read it, once the feed's safe position has passed it.</summary>
    private async Task<JsonObject> FeedEventOf(string memberId, string type)
    {
        var after = await fixture.Database.ScalarAsync("SELECT position - 1 FROM member_events WHERE member_id = $1 AND version = 1", memberId);
        return await Eventually.Succeeds(async () =>
        {
            var page = await (await integration.GetAsync($"/v1/feed?after={after}&limit=500")).Json(HttpStatusCode.OK);
            return page["events"]!.AsArray().Select(e => e!.AsObject())
                .Single(e => (string)e["memberId"]! == memberId && (string)e["type"]! == type);
        }, TimeSpan.FromSeconds(10), $"the feed showing {type}");
    }
}
