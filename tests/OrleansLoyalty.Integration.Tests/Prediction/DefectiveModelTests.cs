using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Grains.Prediction;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Prediction;

namespace OrleansLoyalty.Integration.Tests.Prediction;

/// <summary>Models as clv_models held them before fits were checked, written straight into the table.</summary>
public static class StoredModels
{
    /// <summary>The fit that made every first purchase fail: q = 0.69, a BG/NBD log-likelihood of +839.</summary>
    public const string Incident = """
        {"bgnbd":{"r":0.2426,"alpha":4.4136,"a":0.7929,"b":2.4259,"logLikelihood":839.2},"gammaGamma":{"p":2.1,"q":0.69,"gamma":15,"customers":41}}
        """;

    public const string Cdnow = """
        {"bgnbd":{"r":0.2426,"alpha":4.4136,"a":0.7929,"b":2.4259,"logLikelihood":-9582.43},"gammaGamma":{"p":6.2496,"q":3.7442,"gamma":15.4434,"customers":946}}
        """;

    public static Task<long> Insert(TestDatabase database, string model) =>
        database.ScalarAsync("INSERT INTO clv_models (as_of, customers, model) VALUES ($1, 1044, $2::jsonb) RETURNING version", new DateOnly(2025, 1, 1), model);
}

/// <summary>A gateway whose database holds only the incident's model, from before the silo starts.</summary>
public sealed class IncidentModelFixture : GatewayFixture
{
    protected override Task Seed(TestDatabase database) => StoredModels.Insert(database, StoredModels.Incident);
}

/// <summary>
/// With only a bad model stored (q = 0.69), purchases and insights still answer, the scores say what they
/// fell back on, and a fit on degenerate data leaves that model current.
/// </summary>
public sealed class DefectiveModelTests(IncidentModelFixture fixture) : IClassFixture<IncidentModelFixture>
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_first_purchase_under_a_model_with_q_below_1_is_answered_and_its_insights_say_the_spend_is_unknown()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;

        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("first-1", 42.50m))).Json(HttpStatusCode.OK);
        var insights = await (await admin.GetAsync($"/v1/members/{memberId}/insights")).Json(HttpStatusCode.OK);

        Assert.Equal(1, (int)insights["modelVersion"]!);
        Assert.Equal((1.0, 0.0, 0.0), ((double)insights["pAlive"]!, (double)insights["expectedSpendPerPurchase"]!, (double)insights["predictedClv"]!));
        Assert.True((double)insights["expectedPurchases90d"]! > 0);
        Assert.Contains("expected spend is infinite (Gamma-Gamma q ≤ 1)", (string)insights["explanation"]!);
        Assert.Contains("shown as 0: unknown, not zero", (string)insights["explanation"]!);
        var model = await (await admin.GetAsync("/v1/models/clv")).Json(HttpStatusCode.OK);
        Assert.Equal(1, (int)model["version"]!);
        Assert.Contains(model["defects"]!.AsArray(), defect => ((string)defect!).StartsWith("Gamma-Gamma q = 0.69 ≤ 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fit_on_repeat_purchases_all_worth_nothing_is_a_409_not_enough_data_and_the_stored_model_stays()
    {
        var firstDay = DateTimeOffset.UtcNow.AddDays(-20);
        for (var i = 0; i < 12; i++)
        {
            var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"free-{i}-a", 25m, firstDay))).Json(HttpStatusCode.OK);
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"free-{i}-b", 0m, firstDay.AddDays(10)))).Json(HttpStatusCode.OK);
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"free-{i}-c", 0m, firstDay.AddDays(17)))).Json(HttpStatusCode.OK);
        }

        var problem = await (await admin.PostAsJsonAsync("/v1/models/clv/fit", new { })).Problem(HttpStatusCode.Conflict, "not-enough-data");

        Assert.Equal((12, 0), ((int)problem["repeatCustomers"]!, (int)problem["spendCustomers"]!));
        Assert.Contains("were all worth 0", (string)problem["detail"]!);
        Assert.Equal(1, (int)(await (await admin.GetAsync("/v1/models/clv")).Json(HttpStatusCode.OK))["version"]!);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM clv_models"));
    }
}

/// <summary>Which stored version members are scored with, read straight from PostgreSQL.</summary>
public sealed class ClvModelStoreTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_newer_defective_version_does_not_displace_a_sound_one_and_unreadable_rows_are_passed_over()
    {
        var sound = await StoredModels.Insert(database, StoredModels.Cdnow);
        var incident = await StoredModels.Insert(database, StoredModels.Incident);
        await StoredModels.Insert(database, StoredModels.Incident.Replace("\"r\":0.2426", "\"r\":0", StringComparison.Ordinal));
        await StoredModels.Insert(database, """{"parameters":"elsewhere"}""");
        await StoredModels.Insert(database, """{"bgnbd":{"r":"lots"}}""");
        var store = new ClvModelStore(database.DataSource);

        var current = await store.Current();

        Assert.Equal((sound, 0), (current!.Version, current.Defects.Count));

        await database.ScalarAsync("DELETE FROM clv_models WHERE version = $1", (int)sound);
        var onlyDefective = await store.Current();

        Assert.Equal(incident, onlyDefective!.Version);
        Assert.StartsWith("Gamma-Gamma q = 0.69 ≤ 1", Assert.Single(onlyDefective.Defects), StringComparison.Ordinal);
    }
}
