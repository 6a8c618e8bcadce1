using System.Net;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>A gateway and cluster of their own for tests that replace the program: other collections keep the shipped default.</summary>
public sealed class ProgramFixture : GatewayFixture;

[CollectionDefinition(Name)]
public sealed class ProgramCollection : ICollectionFixture<ProgramFixture>
{
    public const string Name = "program";
}

/// <summary>Runs a program definition through the API as an administrator would.</summary>
public static class Programs
{
    public static async Task<int> Replace(HttpClient admin, JsonObject program)
    {
        var stored = await (await admin.PutAsync("/v1/program", Api.RawJson(program.ToJsonString()))).Json(HttpStatusCode.OK);
        return (int)stored["version"]!;
    }

    /// <summary>The richer program shipped in docs/.</summary>
    public static JsonObject Example() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/example-program.json")))!.AsObject();
}
