using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Gateway.Personalization;

/// <summary>Members by lifecycle stage and RFM cell, from the segment index (no member grain is asked).</summary>
public static partial class SegmentsApi
{
    private const int MaxPageSize = 1000;

    private static readonly IReadOnlyList<string> StageCodes = [.. Enum.GetValues<LifecycleStage>().Select(stage => stage.Code())];

    public static IEndpointRouteBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var segments = app.MapGroup("/v1/segments").WithTags("Personalization").AllowRoles(Roles.Admin);
        segments.MapGet("/", Count).WithSummary("How many members are in each lifecycle stage and RFM cell.");
        segments.MapGet("/members", Members).WithSummary("Member ids of a stage and/or RFM cell, a page at a time (pass nextAfter as after).");
        return app;
    }

    private static async Task<Ok<SegmentsResponse>> Count(IGrainFactory grains) =>
        TypedResults.Ok(SegmentsResponse.From(await grains.GetGrain<ISegmentsGrain>(0).Count()));

    private static async Task<Results<Ok<SegmentMembersResponse>, ValidationProblem>> Members(
        string? stage, string? rfmCell, string? after, int? limit, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (limit is not null and not (>= 1 and <= MaxPageSize)) errors.Add("limit", $"must be between 1 and {MaxPageSize}.");
        if (stage is null && rfmCell is null) errors.Add("stage", "give a stage, an rfmCell, or both.");
        if (stage is not null && !StageCodes.Contains(stage)) errors.Add("stage", $"must be one of: {string.Join(", ", StageCodes)}.");
        if (rfmCell is not null && !RfmCellPattern().IsMatch(rfmCell)) errors.Add("rfmCell", "must be an RFM cell such as R5F3M4 (each score 1 to 5).");
        if (after is not null && !MemberId.IsWellFormed(after)) errors.Add("after", "must be a member id: the nextAfter of a previous page.");
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(SegmentMembersResponse.From(await grains.GetGrain<ISegmentsGrain>(0).Members(stage, rfmCell, after, limit ?? 100)));
    }

    [GeneratedRegex(@"^R[1-5]F[1-5]M[1-5]\z")]
    private static partial Regex RfmCellPattern();
}
