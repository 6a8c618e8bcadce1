using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Gateway.Identity;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>Enrolment, the member view and the POS lookup. A member is its profile grain (who) and its ledger grain (points, tier).</summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var members = app.MapGroup("/v1/members").WithTags("Members");
        members.MapPost("/", Enrol).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Enrol a member with e-mail and/or phone, and the app device or web cookie they enrol from; assigns a loyalty number.");
        members.MapGet("/lookup", Lookup).AllowRoles(Roles.Pos, Roles.Admin)
            .WithSummary("Find a member by any identifier (e-mail, phone, loyalty number, card, device, external id) or by the app's QR token (type=qr, once): the POS card, without personal contact data.");
        memberGroup.MapGet("", Get).WithTags("Members").AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("A member's profile, identifiers, tier and balance.");
        return app;
    }

    private static async Task<Results<Created<MemberResponse>, Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> Enrol(
        EnrolRequest request, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (EnrolmentValidation.Validate(request, errors) is not { } command) return errors.ToProblem();

        var memberId = command.IdempotencyKey is { } key ? MemberId.ForEnrolmentKey(key) : MemberId.New();
        var result = await grains.GetGrain<IProfileGrain>(memberId).Enrol(command);
        return result.Status switch
        {
            EnrolmentStatus.Enrolled when result.Member is { } member => TypedResults.Created($"/v1/members/{memberId}", await WithStanding(member, grains)),
            EnrolmentStatus.Replayed when result.Member is { } member => TypedResults.Ok(await WithStanding(member, grains)),
            EnrolmentStatus.IdentifierTaken when result.TakenIdentifier is { } taken => Problem.IdentifierTaken(taken.Type),
            EnrolmentStatus.IdempotencyKeyConflict => Problem.IdempotencyKeyReused(command.IdempotencyKey!),
            EnrolmentStatus.Rejected => Problem.Unstorable(),
            _ => Problem.RetryLater(),
        };
    }

    private static async Task<Results<Ok<MemberCardResponse>, ValidationProblem, ProblemHttpResult>> Lookup(
        string? type, string? value, IdentifierResolver identifiers, QrTokens qrTokens)
    {
        var errors = new ValidationErrors();
        MemberCard? card;
        if (!IdentifierType.Lookup.Contains(type))
        {
            errors.Add("type", $"is not a lookup type; use one of: {string.Join(", ", IdentifierType.Lookup)}.");
            return errors.ToProblem();
        }
        if (type == IdentifierType.QrToken)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add("value", "is required: the token the app shows as a QR code.");
                return errors.ToProblem();
            }
            // Forged, expired and used tokens are all "not found": a caller learns nothing about why.
            // The token is bound to a member id; if that member was merged since, its survivor answers.
            card = await qrTokens.Redeem(value.Trim()) is { } memberId ? await identifiers.CardOf(memberId) : null;
        }
        else if (!EnrolmentValidation.TryNormalize(type, value, out var identifier, out var error))
        {
            errors.Add("value", error);
            return errors.ToProblem();
        }
        else
        {
            card = await identifiers.FindCard(new Identifier(identifier.Type, identifier.Value));
        }
        return card is null ? Problem.IdentifierNotFound(type!) : TypedResults.Ok(MemberCardResponse.From(card));
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Get(string memberId, IGrainFactory grains)
    {
        // Both grains answer from memory once active; asked together, the view costs one round trip.
        var profile = grains.GetGrain<IProfileGrain>(memberId).GetProfile();
        var wallet = grains.GetGrain<IMemberGrain>(memberId).GetWallet();
        return await profile is { } found && await wallet is { } standing
            ? TypedResults.Ok(MemberResponse.From(found, standing))
            : Problem.MemberNotFound(memberId);
    }

    /// <summary>The member's tier and balance now, beside the profile; a member just enrolled has its stream already.</summary>
    internal static async Task<MemberResponse> WithStanding(MemberProfileView member, IGrainFactory grains) =>
        await grains.GetGrain<IMemberGrain>(member.MemberId).GetWallet() is { } wallet
            ? MemberResponse.From(member, wallet)
            : throw new MemberUnavailableException($"The ledger of member {member.MemberId} does not show its enrolment yet; retry with the same idempotency key.");
}
