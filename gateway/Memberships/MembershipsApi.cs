using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Ledger;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.Gateway.Tiers;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Memberships;

namespace OrleansLoyalty.Gateway.Memberships;

/// <summary>Paid memberships: the brand's backend records one after it took the payment; it lapses at the end of its period unless renewed.</summary>
public static class MembershipsApi
{
    private const int MaxPlanIdLength = 64;

    public static IEndpointRouteBuilder MapMembershipsApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        memberGroup.MapPost("/memberships", Start).WithTags("Memberships").AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("Start or renew a paid membership (a renewal extends the running period); 409 membership-conflict while another runs.");
        return app;
    }

    private static async Task<Results<Ok<MembershipResponse>, ValidationProblem, ProblemHttpResult>> Start(
        string memberId, MembershipRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.IdempotencyKey(request.IdempotencyKey);
        var planId = errors.Text(request.PlanId, "planId", MaxPlanIdLength, required: true);
        if (errors.Any) return errors.ToProblem();

        var result = await grains.GetGrain<IMemberGrain>(memberId).StartMembership(new StartMembershipCommand(request.IdempotencyKey!, planId!, caller.Identity!.Name!));
        return result.Status switch
        {
            CommandStatus.MembershipNotFound => Problem.Of(StatusCodes.Status404NotFound, "membership-not-found", "Membership not found", $"Nothing was started: {result.Problem}"),
            CommandStatus.MembershipConflict => Problem.Of(StatusCodes.Status409Conflict, "membership-conflict", "Another membership runs", $"Nothing was started: {result.Problem}"),
            _ => LedgerApi.Refusal(result.Status, memberId, request.IdempotencyKey!)
                ?? (Results<Ok<MembershipResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(
                    new MembershipResponse(memberId, MembershipViewResponse.From(result.Membership!), result.Renewal, result.Status == CommandStatus.Replayed)),
        };
    }
}

public sealed record MembershipRequest(string? IdempotencyKey, string? PlanId);

public sealed record MembershipResponse(string MemberId, MembershipViewResponse Membership, bool Renewal, bool Replayed);

/// <param name="Since">Since when the membership runs without a break (renewals extend it).</param>
/// <param name="Until">When it lapses unless renewed.</param>
public sealed record MembershipViewResponse(string PlanId, string Name, DateTimeOffset Since, DateTimeOffset Until, TierBenefitsResponse Benefits, decimal CashbackPercent)
{
    public static MembershipViewResponse From(MembershipView view) =>
        new(view.PlanId, view.Name, view.Since, view.Until, TierBenefitsResponse.From(view.Benefits), view.CashbackPercent);

    public static MembershipViewResponse? FromOptional(MembershipView? view) => view is null ? null : From(view);
}
