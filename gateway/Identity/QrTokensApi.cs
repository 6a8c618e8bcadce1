using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Identity;

/// <param name="Token">Show it as a QR code; the till looks it up with <c>type=qr</c>. Valid once, until <paramref name="ExpiresAt"/>.</param>
public sealed record QrTokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>The app's QR code for the till: a short-lived, single-use token that names the member without a card or a phone number.</summary>
public static class QrTokensApi
{
    public static IEndpointRouteBuilder MapQrTokensApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        memberGroup.MapPost("/qr-tokens", Issue).WithTags("Identity").AllowRoles(Roles.App, Roles.Admin)
            .WithSummary("Issue a QR token for the till: 201 with {token, expiresAt}; valid for 60 seconds and one POS lookup (type=qr).");
        return app;
    }

    private static async Task<Results<Created<QrTokenResponse>, ProblemHttpResult>> Issue(string memberId, IGrainFactory grains, QrTokens tokens)
    {
        // Only a member gets a token: the lookup would otherwise burn it on a 404.
        if (await grains.GetGrain<IMemberGrain>(memberId).GetCard() is null) return Problem.MemberNotFound(memberId);
        var (token, expiresAt) = tokens.Issue(memberId);
        // No Location: a token is shown, not fetched again.
        return TypedResults.Created((string?)null, new QrTokenResponse(token, expiresAt));
    }
}
