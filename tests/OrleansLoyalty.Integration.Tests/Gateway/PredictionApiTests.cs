using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Gateway;

/// <summary>The model endpoints on a database too small or too degenerate to fit on: the answers say what is missing or wrong.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PredictionApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

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

    [Theory]
    [InlineData("0001-01-01", "must be on or after 1970-01-01")]
    [InlineData("1969-12-31", "must be on or after 1970-01-01")]
    [InlineData("9999-12-31", "lies in the future")]
    public async Task A_fit_date_outside_1970_to_today_is_a_400_naming_asOf(string asOf, string expected)
    {
        var problem = await (await admin.PostAsJsonAsync("/v1/models/clv/fit", new { asOf })).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.StartsWith(expected, (string)Assert.Single(problem["errors"]!["asOf"]!.AsArray())!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001-01-01", "must be on or after 1970-01-01")]
    [InlineData("1969-12-31", "must be on or after 1970-01-01")]
    [InlineData("9999-12-31", "lies in the future")]
    public async Task An_insights_date_outside_1970_to_today_is_a_400_naming_asOf(string asOf, string expected)
    {
        var member = await Api.Enrol(admin);

        var problem = await (await admin.GetAsync($"/v1/members/{member["memberId"]}/insights?asOf={asOf}")).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.StartsWith(expected, (string)Assert.Single(problem["errors"]!["asOf"]!.AsArray())!, StringComparison.Ordinal);
        await (await admin.GetAsync($"/v1/members/{member["memberId"]}/insights?asOf={DateTimeOffset.UtcNow.AddDays(2):yyyy-MM-dd}")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.GetAsync($"/v1/members/{member["memberId"]}/insights?asOf=31.12.9999")).Problem(HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task A_fit_whose_estimates_run_away_is_a_409_fit_rejected_with_its_reasons_population_and_convergence_and_nothing_is_stored()
    {
        // A dozen members with the very same history: no spread to estimate, so the estimates run off.
        var firstDay = DateTimeOffset.UtcNow.AddDays(-20);
        for (var i = 0; i < 12; i++)
        {
            var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"same-{i}-a", 30m, firstDay))).Json(HttpStatusCode.OK);
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"same-{i}-b", 20m, firstDay.AddDays(10)))).Json(HttpStatusCode.OK);
        }

        var problem = await (await admin.PostAsJsonAsync("/v1/models/clv/fit", new { })).Problem(HttpStatusCode.Conflict, "fit-rejected");

        Assert.Equal((12, 12), ((int)problem["repeatCustomers"]!, (int)problem["spendCustomers"]!));
        Assert.True((int)problem["customers"]! >= 12);
        Assert.NotEmpty(problem["reasons"]!.AsArray());
        Assert.Contains("the current model stays", (string)problem["detail"]!);
        foreach (var model in new[] { "bgnbd", "gammaGamma" })
        {
            var convergence = problem[model]!["convergence"]!;
            Assert.True((int)convergence["iterations"]! > 0 && (int)convergence["likelihoodEvaluations"]! > 0);
            Assert.NotNull(convergence["converged"]);
        }
        await (await admin.GetAsync("/v1/models/clv")).Problem(HttpStatusCode.NotFound, "model-not-fitted");
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM clv_models"));
    }

    [Fact]
    public async Task Model_endpoints_are_for_administrators_only()
    {
        await (await pos.PostAsJsonAsync("/v1/models/clv/fit", new { })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await pos.GetAsync("/v1/models/clv")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
