using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>Enrolment, member profiles and the POS lookup.</summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var members = app.MapGroup("/v1/members").WithTags("Members");
        members.MapPost("/", Enrol).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Enrol a member with e-mail and/or phone; assigns a loyalty number.");
        members.MapGet("/lookup", Lookup).AllowRoles(Roles.Pos, Roles.Admin)
            .WithSummary("Find a member by e-mail, phone or loyalty number: the POS card, without personal contact data.");
        memberGroup.MapGet("", Get).WithTags("Members").AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("A member's profile, identifiers, tier and balance.");
        return app;
    }

    private static async Task<Results<Created<MemberDetails>, Ok<MemberDetails>, ValidationProblem, ProblemHttpResult>> Enrol(
        EnrolRequest request, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (EnrolmentValidation.Validate(request, errors) is not { } command) return errors.ToProblem();

        var memberId = command.IdempotencyKey is { } key ? MemberId.ForEnrolmentKey(key) : MemberId.New();
        var result = await grains.GetGrain<IMemberGrain>(memberId).Enrol(command);
        return result.Status switch
        {
            EnrolmentStatus.Enrolled => TypedResults.Created($"/v1/members/{memberId}", result.Member!),
            EnrolmentStatus.Replayed => TypedResults.Ok(result.Member!),
            EnrolmentStatus.IdentifierTaken => Problem.IdentifierTaken(result.TakenIdentifier!.Type),
            EnrolmentStatus.IdempotencyKeyConflict => Problem.IdempotencyKeyReused(command.IdempotencyKey!),
            EnrolmentStatus.Rejected => Problem.Unstorable(),
            _ => Problem.RetryLater(),
        };
    }

    private static async Task<Results<Ok<MemberCard>, ValidationProblem, ProblemHttpResult>> Lookup(
        string? type, string? value, IdentifierResolver identifiers, IGrainFactory grains)
    {
        if (!EnrolmentValidation.TryNormalize(type, value, out var identifier, out var error))
        {
            var errors = new ValidationErrors();
            errors.Add(IdentifierType.IsKnown(type) ? "value" : "type", error);
            return errors.ToProblem();
        }
        var memberId = await identifiers.ResolveMemberId(new Identifier(identifier.Type, identifier.Value));
        var card = memberId is null ? null : await grains.GetGrain<IMemberGrain>(memberId).GetCard();
        return card is null ? Problem.IdentifierNotFound(identifier.Type) : TypedResults.Ok(card);
    }

    private static async Task<Results<Ok<MemberDetails>, ProblemHttpResult>> Get(string memberId, IGrainFactory grains) =>
        await grains.GetGrain<IMemberGrain>(memberId).GetDetails() is { } details
            ? TypedResults.Ok(details)
            : Problem.MemberNotFound(memberId);
}
