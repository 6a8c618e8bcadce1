using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Ledger;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Identity;

/// <summary>Merging two members into one (an operator's decision, never an unverified claim's) and undoing it.</summary>
public static class MergesApi
{
    private const int MaxReasonLength = 200;

    public static IEndpointRouteBuilder MapMergesApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var merges = memberGroup.MapGroup("/merges").WithTags("Identity");
        merges.MapPost("", Merge).AllowRoles(Roles.Admin)
            .WithSummary("Merge another member into this one: points, earns, keys and identifiers move exactly; the other becomes a forwarding tombstone.");
        merges.MapPost("/{absorbedId}/undo", Undo).AllowRoles(Roles.Admin)
            .WithSummary("Undo a merge: the absorbed member comes back with its identifiers and its unspent points; what was posted since stays.");
        return app;
    }

    private static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> Merge(
        string memberId, MergeRequest request, ClaimsPrincipal caller, IGrainFactory grains, HttpContext http)
    {
        var errors = new ValidationErrors();
        if (!MemberId.IsWellFormed(request.MemberId)) errors.Add("memberId", "must be the id of the member to merge in: 'm' and 32 hexadecimal digits.");
        else if (request.MemberId == memberId) errors.Add("memberId", "must be another member than the survivor.");
        var reason = errors.Text(request.Reason, "reason", MaxReasonLength, required: true);
        errors.IdempotencyKey(request.IdempotencyKey);
        if (errors.Any) return errors.ToProblem();

        var absorbedId = request.MemberId!;
        var result = await grains.GetGrain<IMergeGrain>(MergeIds.For(memberId, absorbedId, request.IdempotencyKey!))
            .Merge(new MergeMembersCommand(memberId, absorbedId, reason!, caller.Identity!.Name!));
        switch (result.Outcome)
        {
            case MergeOutcome.Merged or MergeOutcome.AlreadyOneMember when result.SurvivorId is { } survivorId:
                return await MemberView(survivorId, grains) is { } member ? TypedResults.Ok(member) : Problem.RetryLater();
            case MergeOutcome.SurvivorNotFound:
                return Problem.MemberNotFound(memberId);
            case MergeOutcome.AbsorbedNotFound:
                return Problem.MemberNotFound(absorbedId);
            case MergeOutcome.AbsorbedMergedElsewhere when result.SurvivorId is { } elsewhere:
                return Problem.AbsorbedMergedElsewhere(absorbedId, elsewhere);
            case MergeOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return Problem.MergeInProgress();
            case MergeOutcome.Cancelled:
                return Problem.MergeCancelled();
            default:
                http.Response.Headers.RetryAfter = "1";
                return Problem.Unavailable("The merge did not finish now; it finishes on its own. Retry with the same idempotency key to see it.");
        }
    }

    private static async Task<Results<Ok<UndoMergeResponse>, ProblemHttpResult>> Undo(
        string memberId, string absorbedId, ClaimsPrincipal caller, IGrainFactory grains, HttpContext http)
    {
        if (!MemberId.IsWellFormed(absorbedId)) return Problem.MergeNotFound(absorbedId, memberId);
        // Asked of the absorbed member itself, without forwarding: which merge took it, and into whom.
        if (await grains.GetGrain<IProfileGrain>(absorbedId).GetMergeOrigin() is not { } origin || origin.SurvivorId != memberId)
        {
            return Problem.MergeNotFound(absorbedId, memberId);
        }
        var result = await grains.GetGrain<IMergeGrain>(origin.MergeId).Undo(caller.Identity!.Name!);
        switch (result.Outcome)
        {
            case UndoMergeOutcome.Undone:
                var restored = await MemberView(absorbedId, grains);
                var survivor = await MemberView(memberId, grains);
                if (restored is null || survivor is null) return Problem.RetryLater();
                return TypedResults.Ok(new UndoMergeResponse(
                    restored,
                    survivor,
                    result.PointsReturned,
                    [.. result.IdentifiersReturned.Select(i => new IdentifierSummary(i.Type, i.Value))],
                    [.. result.KeptBySurvivor.Select(LedgerEntryResponse.From)]));
            case UndoMergeOutcome.MergeNotFound:
                return Problem.MergeNotFound(absorbedId, memberId);
            case UndoMergeOutcome.DependsOnLaterMerge:
                return Problem.UndoBlocked(result.BlockingMergeId, result.BlockingSurvivorId);
            case UndoMergeOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return Problem.MergeInProgress();
            default:
                return Problem.RetryLater();
        }
    }

    private static async Task<MemberResponse?> MemberView(string memberId, IGrainFactory grains) =>
        await grains.GetGrain<IProfileGrain>(memberId).GetProfile() is { } profile
            ? await MembersApi.WithStanding(profile, grains)
            : null;
}
