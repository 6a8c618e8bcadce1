using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.LoyaltyProgram;

namespace OrleansLoyalty.Gateway.LoyaltyProgram;

/// <summary>The program definition: read it, replace it as a whole (validated first), list its versions.</summary>
public static class ProgramApi
{
    public static IEndpointRouteBuilder MapProgramApi(this IEndpointRouteBuilder app)
    {
        var program = app.MapGroup("/v1/program").WithTags("Program");
        program.MapGet("", Get).AllowRoles(Roles.Admin)
            .WithSummary("The running program definition with its version, author and time (version 0: the shipped default).");
        program.MapPut("", Replace).AllowRoles(Roles.Admin)
            .WithSummary("Replace the program as a whole; an invalid definition is a 400 listing every error by JSON path, and nothing changes.");
        program.MapGet("/versions", Versions).AllowRoles(Roles.Admin)
            .WithSummary("Every version of the program, newest first, with author and time.");
        return app;
    }

    private static async Task<Ok<ProgramResponse>> Get(IGrainFactory grains) =>
        TypedResults.Ok(ProgramResponse.From(await grains.GetGrain<IProgramGrain>(0).GetCurrent()));

    private static async Task<Results<Ok<ProgramResponse>, ValidationProblem>> Replace(JsonElement body, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (definition, errors) = ProgramDefinition.Parse(body);
        if (definition is null)
        {
            return TypedResults.ValidationProblem(
                errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                detail: $"The program definition has {errors.Count} error(s); the running program is unchanged.",
                title: "Invalid program definition",
                type: Problems.Problem.TypeBase + "validation");
        }
        // Stored as sent (validated), so GET answers what the team wrote.
        var stored = await grains.GetGrain<IProgramGrain>(0).Replace(body.GetRawText(), caller.Identity!.Name!);
        return TypedResults.Ok(ProgramResponse.From(stored));
    }

    private static async Task<Ok<ProgramVersionsResponse>> Versions(IGrainFactory grains) =>
        TypedResults.Ok(new ProgramVersionsResponse([.. (await grains.GetGrain<IProgramGrain>(0).GetVersions()).Select(ProgramVersionSummary.From)]));
}

public sealed record ProgramResponse(int Version, string Author, DateTimeOffset CreatedAt, JsonElement Definition)
{
    public static ProgramResponse From(ProgramVersionView view) =>
        new(view.Version, view.Author, view.CreatedAt, JsonDocument.Parse(view.Definition).RootElement.Clone());
}

public sealed record ProgramVersionSummary(int Version, string Author, DateTimeOffset CreatedAt)
{
    public static ProgramVersionSummary From(ProgramVersionView view) => new(view.Version, view.Author, view.CreatedAt);
}

public sealed record ProgramVersionsResponse(IReadOnlyList<ProgramVersionSummary> Versions);
