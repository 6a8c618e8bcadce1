using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Hardening;

/// <summary>
/// Malformed requests of every class the hardening review found get a 4xx problem that names what is wrong,
/// carries no exception text or .NET type names, and change nothing.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MalformedRequestTests(GatewayFixture fixture)
{
    private static readonly string When = Api.PurchaseTime.ToString("O");
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);

    public static TheoryData<string, string, string, string> PurchaseBodies => new()
    {
        { "null line", $$"""{"idempotencyKey":"p1","amount":10,"currency":"EUR","occurredAt":"{{When}}","lines":[null]}""", "validation", "lines[0]" },
        { "U+0000 in a sku", $$"""{"idempotencyKey":"p2","amount":10,"currency":"EUR","occurredAt":"{{When}}","lines":[{"sku":"A\u0000","quantity":1,"amount":10}]}""", "validation", "lines[0].sku" },
        { "lone surrogate in storeId", $$"""{"idempotencyKey":"p3","amount":10,"currency":"EUR","occurredAt":"{{When}}","storeId":"s\ud800"}""", "malformed-request", "storeId" },
        { "occurredAt without offset", """{"idempotencyKey":"p4","amount":10,"currency":"EUR","occurredAt":"2025-06-01T10:00:00"}""", "malformed-request", "occurredAt" },
        { "occurredAt before the program", """{"idempotencyKey":"p5","amount":10,"currency":"EUR","occurredAt":"0001-01-01T00:00:00Z"}""", "validation", "occurredAt" },
        { "currency not accepted", $$"""{"idempotencyKey":"p6","amount":1000000,"currency":"IDR","occurredAt":"{{When}}"}""", "validation", "currency" },
        { "sub-cent amount", $$"""{"idempotencyKey":"p7","amount":10.001,"currency":"EUR","occurredAt":"{{When}}"}""", "validation", "amount" },
        { "negative discount", $$"""{"idempotencyKey":"p8","amount":10,"discount":-1,"currency":"EUR","occurredAt":"{{When}}"}""", "validation", "discount" },
        { "lines that do not add up", $$"""{"idempotencyKey":"p9","amount":10,"currency":"EUR","occurredAt":"{{When}}","lines":[{"sku":"A","quantity":1,"amount":4},{"sku":"B","quantity":1,"amount":4}]}""", "validation", "lines" },
        { "duplicate property", $$"""{"idempotencyKey":"p10","amount":1,"amount":2,"currency":"EUR","occurredAt":"{{When}}"}""", "malformed-request", "amount" },
        { "case-variant property", $$"""{"idempotencyKey":"p11","amount":1,"Amount":2,"currency":"EUR","occurredAt":"{{When}}"}""", "malformed-request", "Amount" },
        { "huge decimal", $$"""{"idempotencyKey":"p12","amount":79228162514264337593543950336,"currency":"EUR","occurredAt":"{{When}}"}""", "malformed-request", "amount" },
        { "currency with a newline", $$"""{"idempotencyKey":"p13","amount":10,"currency":"EUR\n","occurredAt":"{{When}}"}""", "validation", "currency" },
    };

    [Theory]
    [MemberData(nameof(PurchaseBodies))]
    public async Task Malformed_purchases_are_problems_naming_the_field_and_change_nothing(string @case, string body, string slug, string field)
    {
        var memberId = await NewMember();

        var problem = await (await admin.PostAsync($"/v1/members/{memberId}/purchases", Api.RawJson(body))).Problem(HttpStatusCode.BadRequest, slug);

        Assert.True(problem["errors"]?[field] is not null, $"{@case}: expected an error for '{field}' in {problem}");
        AssertNoInternals(problem.ToJsonString());
        Assert.Equal(1, await EventCount(memberId));
    }

    [Fact]
    public async Task Negative_zero_discount_is_read_as_zero_and_the_member_stays_readable()
    {
        var memberId = await NewMember();
        var body = $$"""{"idempotencyKey":"neg-zero","amount":10,"discount":-0.00,"currency":"EUR","occurredAt":"{{When}}","lines":[{"sku":"A","category":"shoes","quantity":1,"amount":10}]}""";

        var purchase = await (await admin.PostAsync($"/v1/members/{memberId}/purchases", Api.RawJson(body))).Json(HttpStatusCode.OK);

        Assert.Equal(10L, (long)purchase["pointsEarned"]!);
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM member_events WHERE member_id = $1 AND payload->>'discount' LIKE '-%'", memberId));
        foreach (var read in new[] { "behaviour", "offers", "wallet", "ledger" })
        {
            await (await admin.GetAsync($"/v1/members/{memberId}/{read}")).Json(HttpStatusCode.OK);
        }
    }

    public static TheoryData<string, string, string> EnrolmentBodies => new()
    {
        { "U+0000 in firstName", """{"identifiers":[{"type":"email","value":"nul@example.com"}],"profile":{"firstName":"A\u0000nn"}}""", "profile.firstName" },
        { "null identifier", """{"identifiers":[null],"profile":{"firstName":"Ann"}}""", "identifiers[0]" },
        { "control character in e-mail", """{"identifiers":[{"type":"email","value":"a\u0001@example.com"}],"profile":{"firstName":"Ann"}}""", "identifiers[0].value" },
        { "time zone with a control character", """{"identifiers":[{"type":"email","value":"tz@example.com"}],"profile":{"firstName":"Ann","timeZone":"Europe/Berlin\u0000"}}""", "profile.timeZone" },
        { "name of 101 characters", $$$"""{"identifiers":[{"type":"email","value":"long@example.com"}],"profile":{"firstName":"{{{new string('x', 101)}}}"}}""", "profile.firstName" },
        { "name too large in bytes", $$$"""{"identifiers":[{"type":"email","value":"emoji@example.com"}],"profile":{"firstName":"{{{string.Concat(Enumerable.Repeat("😀", 90))}}}"}}""", "profile.firstName" },
    };

    [Theory]
    [MemberData(nameof(EnrolmentBodies))]
    public async Task Malformed_enrolments_are_400_problems_naming_the_field(string @case, string body, string field)
    {
        var before = await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events");

        var problem = await (await admin.PostAsync("/v1/members", Api.RawJson(body))).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.True(problem["errors"]?[field] is not null, $"{@case}: expected an error for '{field}' in {problem}");
        Assert.Equal(before, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events"));
    }

    [Fact]
    public async Task Extreme_points_are_400_problems()
    {
        var memberId = await NewMember();

        await (await admin.PostAsync($"/v1/members/{memberId}/adjustments",
            Api.RawJson("""{"idempotencyKey":"min","points":-9223372036854775808,"reason":"x"}"""))).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsync($"/v1/members/{memberId}/redemptions",
            Api.RawJson("""{"idempotencyKey":"max","points":9223372036854775807,"reason":"x"}"""))).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsync($"/v1/members/{memberId}/adjustments",
            Api.RawJson("""{"idempotencyKey":"big","points":1e308,"reason":"x"}"""))).Problem(HttpStatusCode.BadRequest, "malformed-request");

        Assert.Equal(1, await EventCount(memberId));
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-8\"", HttpStatusCode.OK)]
    [InlineData("application/json; charset=latin1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=foo", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task Content_types_are_utf8_json_or_a_415_problem(string contentType, HttpStatusCode expected)
    {
        var memberId = await NewMember();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Api.PurchaseBody("ct-" + Guid.NewGuid().ToString("N"), 5m))));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await admin.PostAsync($"/v1/members/{memberId}/purchases", content);

        if (expected == HttpStatusCode.OK) await response.Json(HttpStatusCode.OK);
        else await response.Problem(expected, "unsupported-media-type");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var memberId = await NewMember();
        var huge = $$"""{"idempotencyKey":"huge","amount":10,"currency":"EUR","occurredAt":"{{When}}","storeId":"{{new string('x', 300_000)}}"}""";

        await (await admin.PostAsync($"/v1/members/{memberId}/purchases", Api.RawJson(huge))).Problem(HttpStatusCode.RequestEntityTooLarge, "body-too-large");

        var chunked = new StringContent(huge, Encoding.UTF8, "application/json");
        chunked.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/members/{memberId}/purchases") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await (await admin.SendAsync(request)).Problem(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        Assert.Equal(1, await EventCount(memberId));
    }

    [Theory]
    [InlineData("/v1/segments/members?stage=%00")]
    [InlineData("/v1/segments/members?rfmCell=R1F1M1%1F")]
    [InlineData("/v1/segments/members?stage=lead&after=%00")]
    [InlineData("/v1/members/lookup?type=email&value=a%00%40example.com")]
    [InlineData("/v1/members/lookup?type=%00&value=x")]
    [InlineData("/v1/members/m0000/ledger?limit=99999999999")]
    [InlineData("/v1/members/m0000/ledger?before=abc")]
    public async Task Junk_in_query_parameters_is_a_400_problem(string url)
    {
        var problem = await (await admin.GetAsync(url)).Problem(HttpStatusCode.BadRequest, "");

        AssertNoInternals(problem.ToJsonString());
    }

    [Fact]
    public async Task Wrongly_typed_fields_are_named_without_dotnet_type_names()
    {
        var memberId = await NewMember();

        var problem = await (await admin.PostAsync($"/v1/members/{memberId}/purchases",
            Api.RawJson("""{"idempotencyKey":"typed","amount":"lots","currency":"EUR"}"""))).Problem(HttpStatusCode.BadRequest, "malformed-request");

        Assert.NotNull(problem["errors"]?["amount"]);
        AssertNoInternals(problem.ToJsonString());
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", HttpStatusCode.NotFound, "not-found")]
    [InlineData("DELETE", "/v1/members", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    [InlineData("PUT", "/v1/members/m00000000000000000000000000000000/purchases", HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    public async Task Unknown_routes_and_methods_are_problems_whatever_the_client_accepts(string method, string url, HttpStatusCode status, string slug)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        await (await admin.SendAsync(request)).Problem(status, slug);
    }

    private static void AssertNoInternals(string problem)
    {
        foreach (var leak in new[] { "System.", "Nullable", "Exception", "   at ", "OrleansLoyalty." })
        {
            Assert.DoesNotContain(leak, problem, StringComparison.Ordinal);
        }
    }

    private async Task<string> NewMember() => (string)(await Api.Enrol(admin))["memberId"]!;

    private Task<long> EventCount(string memberId) => fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1", memberId);
}
