using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>
/// The one route group for everything under <c>/v1/members/{memberId}</c>: its filter checks the id once,
/// so an id that cannot name a member is a 404 without activating a grain, whatever the endpoint.
/// </summary>
public static class MemberRoutes
{
    public static RouteGroupBuilder MapMemberGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/v1/members/{memberId}").AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("memberId") is string memberId && MemberId.IsWellFormed(memberId)
                ? await next(context)
                : Problem.MemberNotFound(context.HttpContext.GetRouteValue("memberId") as string ?? ""));
}
