using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Identity;

namespace OrleansLoyalty.Gateway.Identity;

/// <summary>Linking and unlinking identifiers, and resolving one to the member that owns it now.</summary>
public static class IdentifiersApi
{
    public static IEndpointRouteBuilder MapIdentifiersApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var identifiers = memberGroup.MapGroup("/identifiers").WithTags("Identity");
        identifiers.MapPost("", Link).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Link an identifier (409 identifier-taken if another member owns it, revealing nothing of that member).");
        identifiers.MapDelete("/{type}/{value}", Unlink).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Unlink an identifier; the member's last e-mail, phone or loyalty number cannot be removed (409).");
        app.MapGet("/v1/identity/resolve", Resolve).WithTags("Identity").AllowRoles(Roles.Admin, Roles.Pos)
            .WithSummary("The id of the member that owns an identifier now, following merges; 404 when no member does.");
        return app;
    }

    private static async Task<Results<Created<IdentifierResponse>, Ok<IdentifierResponse>, ValidationProblem, ProblemHttpResult>> Link(
        string memberId, LinkIdentifierRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (EnrolmentValidation.Identifier(request.Type, request.Value, errors) is not { } identifier) return errors.ToProblem();
        if (identifier.Type == IdentifierType.Loyalty)
        {
            // Loyalty numbers are issued by the program at enrolment (and move with merges), never claimed.
            errors.Add("type", "loyalty numbers are issued by the program and cannot be linked; link another kind.");
            return errors.ToProblem();
        }
        var result = await grains.GetGrain<IProfileGrain>(memberId)
            .LinkIdentifier(new LinkIdentifierCommand(identifier, request.Verified ?? false, caller.Identity!.Name!));
        return result.Status switch
        {
            LinkStatus.Linked when result.Link is { } link =>
                TypedResults.Created($"/v1/members/{memberId}/identifiers/{link.Type}/{Uri.EscapeDataString(link.Value)}", IdentifierResponse.From(link)),
            LinkStatus.AlreadyLinked when result.Link is { } link => TypedResults.Ok(IdentifierResponse.From(link)),
            LinkStatus.Taken => Problem.IdentifierTakenOnLink(identifier.Type),
            LinkStatus.MemberNotFound => Problem.MemberNotFound(memberId),
            LinkStatus.Rejected => Problem.Unstorable(),
            _ => Problem.RetryLater(),
        };
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unlink(
        string memberId, string type, string value, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (EnrolmentValidation.Identifier(type, value, errors) is not { } identifier) return errors.ToProblem();
        return await grains.GetGrain<IProfileGrain>(memberId).UnlinkIdentifier(identifier, caller.Identity!.Name!) switch
        {
            UnlinkStatus.Unlinked => TypedResults.NoContent(),
            UnlinkStatus.NotLinked => Problem.IdentifierNotLinked(identifier.Type),
            UnlinkStatus.LastStrongIdentifier => Problem.LastStrongIdentifier(identifier.Type),
            UnlinkStatus.MemberNotFound => Problem.MemberNotFound(memberId),
            _ => Problem.RetryLater(),
        };
    }

    private static async Task<Results<Ok<ResolveResponse>, ValidationProblem, ProblemHttpResult>> Resolve(
        string? type, string? value, IdentifierResolver identifiers)
    {
        var errors = new ValidationErrors();
        if (EnrolmentValidation.Identifier(type, value, errors) is not { } identifier) return errors.ToProblem();
        return await identifiers.FindCard(new Identifier(identifier.Type, identifier.Value)) is { } card
            ? TypedResults.Ok(new ResolveResponse(card.MemberId))
            : Problem.IdentifierNotFound(identifier.Type);
    }
}
