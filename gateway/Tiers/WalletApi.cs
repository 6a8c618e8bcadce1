using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Tiers;

/// <summary>The wallet: balance and tier progress, served from the active member grain's memory.</summary>
public static class WalletApi
{
    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        memberGroup.MapGroup("").WithTags("Tiers")
            .MapGet("/wallet", GetWallet).AllowRoles(Roles.Admin, Roles.App, Roles.Pos)
            .WithSummary("Points balance, tier, qualifying points and what the next tier takes.");
        return app;
    }

    private static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> GetWallet(string memberId, IGrainFactory grains) =>
        await grains.GetGrain<IMemberGrain>(memberId).GetWallet() is { } wallet
            ? TypedResults.Ok(WalletResponse.From(wallet))
            : Problem.MemberNotFound(memberId);
}
