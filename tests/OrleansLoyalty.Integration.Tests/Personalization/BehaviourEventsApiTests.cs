using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Personalization;

/// <summary>Behavioural events over HTTP: anonymous profiles, their absorption at enrolment, and favourite categories that see browsing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BehaviourEventsApiTests(GatewayFixture fixture)
{
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);
    private readonly HttpClient web = fixture.Gateway.ClientWithKey(Api.WebKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task An_event_of_an_unknown_cookie_is_committed_to_its_anonymous_profile_with_a_retention_check()
    {
        var cookie = Api.NewDeviceId("cookie");

        var accepted = await (await web.PostAsJsonAsync("/v1/events", Api.EventBody("web_cookie", cookie, "product_view", sku: "T-1", category: "tents"))).Json(HttpStatusCode.Accepted);

        Assert.False((bool)accepted["replayed"]!);
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM behaviour_events WHERE identifier_type = 'web_cookie' AND identifier_value = $1 AND member_id IS NULL AND sku = 'T-1' AND category = 'tents'", cookie));
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1 AND first_seen_at = last_seen_at AND absorbed_by IS NULL", cookie));
        // Checked once the default retention (90 days, 2,160 hours) after it was first seen has passed.
        Assert.Equal(1, await fixture.Database.ScalarAsync("""
            SELECT count(*) FROM due_work d JOIN anonymous_profiles p ON d.key = p.id::text
            WHERE d.kind = 'anonymous-profile-expiry' AND p.identifier_value = $1 AND d.due_at = p.first_seen_at + interval '2160 hours'
            """, cookie));
    }

    [Fact]
    public async Task Enrolling_with_the_cookie_absorbs_its_anonymous_profile_and_its_browsing_shows_in_favourite_categories()
    {
        var cookie = Api.NewDeviceId("cookie");
        foreach (var body in new[]
        {
            Api.EventBody("web_cookie", cookie, "product_view", sku: "T-1", category: "Tents"),
            Api.EventBody("web_cookie", cookie, "product_view", sku: "S-1", category: "Stoves"),
            Api.EventBody("web_cookie", cookie, "add_to_cart", sku: "T-1", category: "tents"),
            Api.EventBody("web_cookie", cookie, "search", query: "tent 2 person"),
        })
        {
            await (await web.PostAsJsonAsync("/v1/events", body)).Json(HttpStatusCode.Accepted);
        }

        var member = await Api.Enrol(app, new
        {
            identifiers = new[] { new { type = "email", value = $"camper.{Guid.NewGuid():N}@example.com" }, new { type = "web_cookie", value = cookie } },
            profile = new { firstName = "Cam" },
        });
        var memberId = (string)member["memberId"]!;

        // Absorption follows the change feed: poll with a deadline.
        var favourites = await Eventually.Succeeds(async () =>
        {
            var behaviour = await (await app.GetAsync($"/v1/members/{memberId}/behaviour")).Json(HttpStatusCode.OK);
            var categories = behaviour["favouriteCategories"]!.AsArray();
            return categories.Count == 2 ? categories : throw new InvalidOperationException("not absorbed yet");
        }, TimeSpan.FromSeconds(20), "the anonymous profile joining the member");
        Assert.Contains(member["identifiers"]!.AsArray(), i => (string)i!["type"]! == "web_cookie" && (string)i["value"]! == cookie);
        Assert.Equal(("Tents", 1, 1, 0.8m), Favourite(favourites[0]!));
        Assert.Equal(("Stoves", 1, 0, 0.2m), Favourite(favourites[1]!));
        Assert.Equal(4, await fixture.Database.ScalarAsync("SELECT count(*) FROM behaviour_events WHERE identifier_value = $1 AND member_id = $2", cookie, memberId));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1 AND absorbed_by = $2", cookie, memberId));
    }

    [Fact]
    public async Task An_event_of_a_members_device_goes_straight_to_them_and_purchases_stay_the_first_favourite()
    {
        var device = Api.NewDeviceId("device");
        var memberId = (string)(await Api.Enrol(app, new
        {
            identifiers = new[] { new { type = "phone", value = Api.RandomPhone() }, new { type = "app_device", value = device } },
            profile = new { firstName = "Dee" },
        }))["memberId"]!;
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("shoes-1", 80m))).Json(HttpStatusCode.OK);
        var before = await (await app.GetAsync($"/v1/members/{memberId}/behaviour")).Json(HttpStatusCode.OK);

        for (var i = 0; i < 5; i++)
        {
            await (await app.PostAsJsonAsync("/v1/events", Api.EventBody("app_device", device, "product_view", sku: $"T-{i}", category: "tents"))).Json(HttpStatusCode.Accepted);
        }
        await (await app.PostAsJsonAsync("/v1/events", Api.EventBody("app_device", device, "app_open"))).Json(HttpStatusCode.Accepted);

        // The member was told at once: no waiting for its next read.
        var after = (await (await app.GetAsync($"/v1/members/{memberId}/behaviour")).Json(HttpStatusCode.OK))["favouriteCategories"]!.AsArray();
        Assert.Single(before["favouriteCategories"]!.AsArray());
        Assert.Equal(("shoes", 0, 0, 0m), Favourite(after[0]!));
        Assert.Equal(("tents", 5, 0, 1m), Favourite(after[1]!));
        // No anonymous profile: at most the absorbed record the enrolment leaves (written from the feed, so maybe not yet).
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM anonymous_profiles WHERE identifier_value = $1 AND absorbed_by IS NULL", device));
        Assert.Equal(6, await fixture.Database.ScalarAsync("SELECT count(*) FROM behaviour_events WHERE identifier_value = $1 AND member_id = $2", device, memberId));
    }

    [Fact]
    public async Task An_event_retried_with_its_idempotency_key_is_recorded_once_and_a_key_reused_for_another_event_is_409()
    {
        var cookie = Api.NewDeviceId("cookie");
        var body = Api.EventBody("web_cookie", cookie, "search", query: "lamp", key: "evt-1");

        var first = await (await web.PostAsJsonAsync("/v1/events", body)).Json(HttpStatusCode.Accepted);
        var retry = await (await web.PostAsJsonAsync("/v1/events", body)).Json(HttpStatusCode.Accepted);
        await (await web.PostAsJsonAsync("/v1/events", Api.EventBody("web_cookie", cookie, "search", query: "lamps", key: "evt-1")))
            .Problem(HttpStatusCode.Conflict, "idempotency-key-reused");

        Assert.Equal((false, true), ((bool)first["replayed"]!, (bool)retry["replayed"]!));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM behaviour_events WHERE identifier_value = $1", cookie));
    }

    public static TheoryData<string, string> BadEvents => new()
    {
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"page_view"}""", "type" },
        { """{"identifier":{"type":"email","value":"a@example.com"},"type":"app_open"}""", "identifier.type" },
        { """{"identifier":{"type":"web_cookie","value":"short"},"type":"app_open"}""", "identifier.value" },
        { """{"type":"app_open"}""", "identifier" },
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"product_view","category":"tents"}""", "sku" },
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"product_view","sku":"T-1","query":"tent"}""", "query" },
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"app_open","sku":"T-1"}""", "sku" },
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"search"}""", "query" },
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"search","query":"a\u0007b"}""", "query" },
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"app_open","occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"identifier":{"type":"web_cookie","value":"cookie-0123456789abcdef"},"type":"app_open","idempotencyKey":"has spaces"}""", "idempotencyKey" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task A_bad_event_is_a_400_problem_naming_the_field_and_records_nothing(string body, string field)
    {
        var problem = await (await web.PostAsync("/v1/events", Api.RawJson(body))).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM behaviour_events WHERE identifier_value = 'cookie-0123456789abcdef'"));
    }

    [Fact]
    public async Task An_unknown_event_type_is_answered_with_the_types_allowed()
    {
        var problem = await (await web.PostAsJsonAsync("/v1/events", Api.EventBody("web_cookie", Api.NewDeviceId("cookie"), "teleport")))
            .Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Equal("must be one of: product_view, add_to_cart, search, app_open.", (string)problem["errors"]!["type"]![0]!);
    }

    [Fact]
    public async Task App_web_and_admin_keys_send_events_and_the_web_key_nothing_else()
    {
        var body = Api.EventBody("web_cookie", Api.NewDeviceId("cookie"), "app_open");
        var memberId = (string)(await Api.Enrol(app))["memberId"]!;

        await (await fixture.Gateway.ClientWithKey(Api.AdminKey).PostAsJsonAsync("/v1/events", body)).Json(HttpStatusCode.Accepted);
        await (await pos.PostAsJsonAsync("/v1/events", body)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await fixture.Gateway.ClientWithKey(Api.IntegrationKey).PostAsJsonAsync("/v1/events", body)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await web.GetAsync($"/v1/members/{memberId}/behaviour")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await web.PostAsync($"/v1/members/{memberId}/qr-tokens", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Enrolment_takes_devices_and_browsers_only_beside_an_email_or_phone_and_each_for_one_member()
    {
        var cookie = Api.NewDeviceId("cookie");
        var alone = new { identifiers = new[] { new { type = "web_cookie", value = cookie } }, profile = new { firstName = "Ann" } };
        object With(string email) => new
        {
            identifiers = new[] { new { type = "email", value = email }, new { type = "web_cookie", value = cookie } },
            profile = new { firstName = "Ann" },
        };

        var problem = await (await app.PostAsJsonAsync("/v1/members", alone)).Problem(HttpStatusCode.BadRequest, "validation");
        await Api.Enrol(app, With($"first.{Guid.NewGuid():N}@example.com"));
        await (await app.PostAsJsonAsync("/v1/members", With($"second.{Guid.NewGuid():N}@example.com"))).Problem(HttpStatusCode.Conflict, "identifier-taken");

        Assert.NotNull(problem["errors"]!["identifiers"]);
    }

    private static (string Category, int Views, int AddsToCart, decimal BrowseShare) Favourite(JsonNode category) =>
        ((string)category["category"]!, (int)category["views"]!, (int)category["addsToCart"]!, (decimal)category["browseShare"]!);
}
