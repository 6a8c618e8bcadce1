using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Tiers;

namespace OrleansLoyalty.Gateway.Tiers;

/// <summary>The wallet: balance and tier progress, served from the active member grain's memory.</summary>
public static class WalletApi
{
    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/members/{memberId}").WithTags("Tiers")
            .MapGet("/wallet", GetWallet).AllowRoles(Roles.Admin, Roles.App, Roles.Pos)
            .WithSummary("Points balance, tier, qualifying points and what the next tier takes.");
        return app;
    }

    private static async Task<Results<Ok<WalletView>, ProblemHttpResult>> GetWallet(string memberId, IGrainFactory grains) =>
        await grains.FindMember(memberId, member => member.GetWallet()) is { } wallet
            ? TypedResults.Ok(wallet)
            : Problem.MemberNotFound(memberId);
}
