using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>
/// The one route group for everything under <c>/v1/members/{memberId}</c>. Its filter checks the id once, so an id
/// that cannot name a member is a 404 without activating a grain, whatever the endpoint; and it follows merges: a
/// member merged away answers "moved to X", and the call is made again for X (chains too), so a client holding an old
/// id reaches the survivor. Every response names the member that served it in <see cref="MemberIdHeader"/>.
/// </summary>
public static class MemberRoutes
{
    public const string MemberIdHeader = "Loyalty-Member-Id";

    // A chain of merges longer than this is not followed (merges are operator actions: chains stay short).
    private const int MaxHops = 16;

    public static RouteGroupBuilder MapMemberGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/v1/members/{memberId}").AddEndpointFilterFactory((factory, next) =>
        {
            var argument = Array.FindIndex(factory.MethodInfo.GetParameters(), p => p.Name == "memberId");
            return async context =>
            {
                if (context.HttpContext.GetRouteValue("memberId") is not string memberId || !MemberId.IsWellFormed(memberId))
                {
                    return Problem.MemberNotFound(context.HttpContext.GetRouteValue("memberId") as string ?? "");
                }
                for (var hop = 0; ; hop++)
                {
                    try
                    {
                        var result = await next(context);
                        context.HttpContext.Response.Headers[MemberIdHeader] = memberId;
                        return result;
                    }
                    catch (MemberMovedException moved) when (argument >= 0 && hop < MaxHops && MemberId.IsWellFormed(moved.SurvivorId))
                    {
                        // The tombstone refused before doing anything, so the call is made again, for the survivor.
                        memberId = moved.SurvivorId;
                        context.Arguments[argument] = memberId;
                    }
                }
            };
        });
}
