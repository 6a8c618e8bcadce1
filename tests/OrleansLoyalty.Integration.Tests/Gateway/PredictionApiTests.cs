using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Gateway;

/// <summary>The model endpoints on a database too small to fit on: the answers say what is missing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PredictionApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);

    [Fact]
    public async Task Fitting_without_enough_repeat_buyers_is_a_409_problem_and_no_model_appears()
    {
        await (await admin.PostAsJsonAsync("/v1/models/clv/fit", new { asOf = "1997-09-30" })).Problem(HttpStatusCode.Conflict, "not-enough-data");

        await (await admin.GetAsync("/v1/models/clv")).Problem(HttpStatusCode.NotFound, "model-not-fitted");
    }

    [Fact]
    public async Task Insights_before_any_model_is_fitted_say_so()
    {
        var member = await Api.Enrol(admin);

        await (await admin.GetAsync($"/v1/members/{member["memberId"]}/insights")).Problem(HttpStatusCode.Conflict, "model-not-fitted");
    }

    [Fact]
    public async Task A_fit_date_in_the_future_or_malformed_is_a_400_problem()
    {
        await (await admin.PostAsJsonAsync("/v1/models/clv/fit", new { asOf = "2999-01-01" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostAsync("/v1/models/clv/fit", Api.RawJson("""{"asOf":"30.09.1997"}"""))).Problem(HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task Model_endpoints_are_for_administrators_only()
    {
        var pos = fixture.Gateway.ClientWithKey(Api.PosKey);

        await (await pos.PostAsJsonAsync("/v1/models/clv/fit", new { })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await pos.GetAsync("/v1/models/clv")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
