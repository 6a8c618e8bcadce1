using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Feed;

namespace OrleansLoyalty.Gateway.Feed;

/// <summary>The change feed for integrators: committed member events in order, polled with <c>after</c>.</summary>
public static class FeedApi
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/feed").WithTags("Feed")
            .MapGet("/", Read).AllowRoles(Roles.Admin, Roles.Integration)
            .WithSummary("Committed member events after a position, in order; poll with after = nextAfter. Events are at-least-once for a client that retries a page: dedupe by position.");
        return app;
    }

    private static async Task<Results<Ok<FeedResponse>, ValidationProblem>> Read(long? after, int? limit, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (after is < 0) errors.Add("after", "must be 0 or a position from a previous page's nextAfter.");
        if (limit is not null and not (>= 1 and <= MaxPageSize)) errors.Add("limit", $"must be between 1 and {MaxPageSize}.");
        if (errors.Any) return errors.ToProblem();

        return TypedResults.Ok(FeedResponse.From(await grains.GetGrain<IFeedGrain>(0).Read(after ?? 0, limit ?? DefaultPageSize)));
    }
}
