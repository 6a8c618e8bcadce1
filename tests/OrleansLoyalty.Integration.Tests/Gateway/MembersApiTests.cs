using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class MembersApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);

    [Fact]
    public async Task Enrolment_returns_the_new_member_with_a_loyalty_number_and_normalized_identifiers()
    {
        var response = await app.PostAsJsonAsync("/v1/members", Api.EnrolBody(email: " Ann.X@Example.COM", phone: "+49 151 23456789"));
        var member = await response.Json(HttpStatusCode.Created);

        Assert.Matches("^m[0-9a-f]{32}$", (string)member["memberId"]!);
        Assert.Matches("^[1-9][0-9]{11}$", (string)member["loyaltyNumber"]!);
        Assert.Equal(("member", 0L), ((string)member["tier"]!, (long)member["pointsBalance"]!));
        Assert.Equal($"/v1/members/{member["memberId"]}", response.Headers.Location!.ToString());
        var identifiers = member["identifiers"]!.AsArray().Select(i => $"{i!["type"]}:{i["value"]}").ToList();
        Assert.Contains("email:ann.x@example.com", identifiers);
        Assert.Contains("phone:+4915123456789", identifiers);

        var fetched = await (await admin.GetAsync($"/v1/members/{member["memberId"]}")).Json(HttpStatusCode.OK);
        Assert.Equal("Lee", (string)fetched["profile"]!["lastName"]!);
    }

    [Theory]
    [InlineData("not-an-email", null, "identifiers[0].value")]
    [InlineData(null, "0151 2345678", "identifiers[1].value")]
    public async Task Enrolment_with_an_invalid_email_or_phone_is_a_400_problem_and_creates_no_member(string? email, string? phone, string field)
    {
        var body = Api.EnrolBody(email: email, phone: phone);

        var problem = await (await admin.PostAsJsonAsync("/v1/members", body)).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(0, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM member_identifiers WHERE identifier_value = '+491512345678'"));
    }

    [Fact]
    public async Task Enrolment_with_an_identifier_of_another_member_is_a_409_problem()
    {
        var phone = Api.RandomPhone();
        await Api.Enrol(admin, Api.EnrolBody(phone: phone));

        var problem = await (await admin.PostAsJsonAsync("/v1/members", Api.EnrolBody(phone: phone))).Problem(HttpStatusCode.Conflict, "identifier-taken");

        Assert.Contains("phone", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Pos_lookup_by_phone_email_or_loyalty_number_shows_the_card_without_contact_data()
    {
        var phone = Api.RandomPhone();
        var email = $"Card.{Guid.NewGuid():N}@Example.com";
        var member = await Api.Enrol(admin, Api.EnrolBody(email, phone));

        var byPhone = await (await pos.GetAsync($"/v1/members/lookup?type=phone&value={Uri.EscapeDataString(phone)}")).Json(HttpStatusCode.OK);
        var byEmail = await (await pos.GetAsync($"/v1/members/lookup?type=email&value={Uri.EscapeDataString(email.ToUpperInvariant())}")).Json(HttpStatusCode.OK);
        var byLoyalty = await (await pos.GetAsync($"/v1/members/lookup?type=loyalty&value={member["loyaltyNumber"]}")).Json(HttpStatusCode.OK);

        Assert.Equal(["benefits", "cashback", "firstName", "loyaltyNumber", "memberId", "membership", "pointsBalance", "tier"], byPhone.PropertyNames());
        Assert.All(new[] { byPhone, byEmail, byLoyalty }, card => Assert.Equal((string)member["memberId"]!, (string)card["memberId"]!));
        Assert.Equal("Ann", (string)byPhone["firstName"]!);
    }

    [Fact]
    public async Task Lookup_of_an_unknown_identifier_is_404_and_of_an_invalid_one_is_400()
    {
        await (await pos.GetAsync("/v1/members/lookup?type=email&value=nobody%40example.com")).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await pos.GetAsync("/v1/members/lookup?type=loyalty&value=123456789012")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await pos.GetAsync("/v1/members/lookup?type=fax&value=1")).Problem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task An_unknown_or_malformed_member_id_is_404()
    {
        await (await admin.GetAsync($"/v1/members/m{Guid.NewGuid():N}")).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await admin.GetAsync("/v1/members/robert'); DROP TABLE members;--")).Problem(HttpStatusCode.NotFound, "member-not-found");
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_401_and_roles_outside_the_endpoint_are_403()
    {
        var anonymous = fixture.Gateway.ClientWithKey(null);
        var unknown = fixture.Gateway.ClientWithKey("not-a-key");

        await (await anonymous.PostAsJsonAsync("/v1/members", Api.EnrolBody())).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await unknown.GetAsync("/v1/members/lookup?type=email&value=a%40b.de")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await pos.PostAsJsonAsync("/v1/members", Api.EnrolBody())).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.GetAsync("/v1/members/lookup?type=email&value=a%40b.de")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await pos.GetAsync($"/v1/members/m{Guid.NewGuid():N}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_retried_enrolment_with_an_idempotency_key_returns_the_same_member()
    {
        var body = new
        {
            identifiers = new[] { new { type = "email", value = $"retry.{Guid.NewGuid():N}@example.com" } },
            profile = new { firstName = "Ann" },
            idempotencyKey = "app-enrol-" + Guid.NewGuid().ToString("N"),
        };

        var first = await (await app.PostAsJsonAsync("/v1/members", body)).Json(HttpStatusCode.Created);
        var retry = await (await app.PostAsJsonAsync("/v1/members", body)).Json(HttpStatusCode.OK);

        Assert.Equal((string)first["loyaltyNumber"]!, (string)retry["loyaltyNumber"]!);
    }

    [Fact]
    public async Task The_openapi_document_and_health_endpoints_are_served()
    {
        var anonymous = fixture.Gateway.ClientWithKey(null);

        var openApi = await (await anonymous.GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        Assert.NotNull(openApi["paths"]!["/v1/members/{memberId}/purchases"]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }
}
