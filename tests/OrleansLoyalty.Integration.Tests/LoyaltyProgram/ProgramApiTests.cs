using System.Net;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>GET/PUT /v1/program: the shipped default, versions with author and time, whole-definition validation.</summary>
[Collection(ProgramCollection.Name)]
public sealed class ProgramApiTests(ProgramFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_valid_definition_becomes_the_next_version_and_an_invalid_one_changes_nothing()
    {
        var before = await (await admin.GetAsync("/v1/program")).Json(HttpStatusCode.OK);
        var example = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/example-program.json"));

        var stored = await (await admin.PutAsync("/v1/program", Api.RawJson(example))).Json(HttpStatusCode.OK);

        Assert.Equal((int)before["version"]! + 1, (int)stored["version"]!);
        Assert.Equal("dev-admin", (string)stored["author"]!);
        var current = await (await admin.GetAsync("/v1/program")).Json(HttpStatusCode.OK);
        Assert.Equal((int)stored["version"]!, (int)current["version"]!);
        Assert.Equal(14, (int)current["definition"]!["earning"]!["pendingDays"]!);

        var invalid = JsonNode.Parse(example)!.AsObject();
        invalid["earning"]!["rounding"] = "sideways";
        invalid["tiers"]!["levels"]![0]!["qualifyingPoints"] = 5;
        var problem = await (await admin.PutAsync("/v1/program", Api.RawJson(invalid.ToJsonString()))).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(problem["errors"]!["$.earning.rounding"]);
        Assert.NotNull(problem["errors"]!["$.tiers.levels[0].qualifyingPoints"]);
        Assert.Equal((int)stored["version"]!, (int)(await (await admin.GetAsync("/v1/program")).Json(HttpStatusCode.OK))["version"]!);
        var versions = (await (await admin.GetAsync("/v1/program/versions")).Json(HttpStatusCode.OK))["versions"]!.AsArray();
        Assert.Equal((int)stored["version"]!, (int)versions[0]!["version"]!);
        Assert.Equal(0, (int)versions[^1]!["version"]!);
    }

    [Fact]
    public async Task Only_admins_read_or_replace_the_program()
    {
        await (await pos.GetAsync("/v1/program")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await pos.PutAsync("/v1/program", Api.RawJson("{}"))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PutAsync("/v1/program", Api.RawJson("not json"))).Problem(HttpStatusCode.BadRequest, "malformed-request");
        // Text that cannot be stored, in a value or in a field name, is refused as malformed before it is read, never a 500.
        await (await admin.PutAsync("/v1/program", Api.RawJson("""{"name":"a\u0000b","\ud800":1}"""))).Problem(HttpStatusCode.BadRequest, "malformed-request");
    }
}
