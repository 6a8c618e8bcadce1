using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Ledger;

/// <summary>Purchases, redemptions, adjustments and the points statement. A 200 means committed in PostgreSQL.</summary>
public static class LedgerApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var member = memberGroup.MapGroup("").WithTags("Ledger");
        member.MapPost("/purchases", RecordPurchase).AllowRoles(Roles.Pos, Roles.App, Roles.Admin)
            .WithSummary("Record a purchase and earn points; retrying with the same idempotency key applies it once.");
        member.MapPost("/redemptions", Redeem).AllowRoles(Roles.Pos, Roles.App, Roles.Admin)
            .WithSummary("Redeem points; 409 insufficient-points when the balance does not cover it.");
        member.MapPost("/returns", RecordReturn).AllowRoles(Roles.Pos, Roles.App, Roles.Admin)
            .WithSummary("Returned goods take back the points they earned (pending first); 409 over-return when more is returned than was bought.");
        member.MapPost("/adjustments", Adjust).AllowRoles(Roles.Admin)
            .WithSummary("A manual correction by staff, with reason; recorded with the caller's key name as actor.");
        member.MapGet("/ledger", GetLedger).AllowRoles(Roles.Admin, Roles.App)
            .WithSummary("The points statement, newest first; pass nextBefore as 'before' for the next page.");
        return app;
    }

    private static async Task<Results<Ok<PurchaseResponse>, ValidationProblem, ProblemHttpResult>> RecordPurchase(
        string memberId, PurchaseRequest request, ClaimsPrincipal caller, IGrainFactory grains, PurchasePolicy policy, TimeProvider time)
    {
        var errors = new ValidationErrors();
        if (LedgerValidation.Validate(request, caller, policy, time.GetUtcNow(), errors) is not { } command) return errors.ToProblem();

        var result = await grains.GetGrain<IMemberGrain>(memberId).RecordPurchase(command);
        return Refusal(result.Status, memberId, command.IdempotencyKey)
            ?? (Results<Ok<PurchaseResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(PurchaseResponse.From(memberId, result));
    }

    private static async Task<Results<Ok<RedemptionResponse>, ValidationProblem, ProblemHttpResult>> Redeem(
        string memberId, RedemptionRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (LedgerValidation.Validate(request, caller, errors) is not { } command) return errors.ToProblem();

        var result = await grains.GetGrain<IMemberGrain>(memberId).Redeem(command);
        if (result.Status == CommandStatus.InsufficientPoints) return Problem.InsufficientPoints(command.Points, result.PointsBalance);
        return Refusal(result.Status, memberId, command.IdempotencyKey)
            ?? (Results<Ok<RedemptionResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(RedemptionResponse.From(memberId, result));
    }

    private static async Task<Results<Ok<ReturnResponse>, ValidationProblem, ProblemHttpResult>> RecordReturn(
        string memberId, ReturnRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (LedgerValidation.Validate(request, caller, errors) is not { } command) return errors.ToProblem();

        var result = await grains.GetGrain<IMemberGrain>(memberId).RecordReturn(command);
        return result.Status switch
        {
            CommandStatus.PurchaseNotFound => Problem.PurchaseNotFound(command.OriginalIdempotencyKey),
            CommandStatus.OverReturn => Problem.OverReturn(result.Problem ?? "more was returned than was bought."),
            _ => Refusal(result.Status, memberId, command.IdempotencyKey)
                ?? (Results<Ok<ReturnResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(ReturnResponse.From(memberId, result)),
        };
    }

    private static async Task<Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>> Adjust(
        string memberId, AdjustmentRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (LedgerValidation.Validate(request, caller, errors) is not { } command) return errors.ToProblem();

        var result = await grains.GetGrain<IMemberGrain>(memberId).Adjust(command);
        if (result.Status == CommandStatus.InsufficientPoints) return Problem.InsufficientPoints(-command.Points, result.PointsBalance);
        return Refusal(result.Status, memberId, command.IdempotencyKey)
            ?? (Results<Ok<AdjustmentResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(AdjustmentResponse.From(memberId, result));
    }

    private static async Task<Results<Ok<LedgerPageResponse>, ValidationProblem, ProblemHttpResult>> GetLedger(
        string memberId, int? before, int? limit, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (limit is not null and not (>= 1 and <= MaxPageSize)) errors.Add("limit", $"must be between 1 and {MaxPageSize}.");
        if (before is not null and not > 0) errors.Add("before", "must be a positive entry sequence (a previous page's nextBefore).");
        if (errors.Any) return errors.ToProblem();

        return await grains.GetGrain<IMemberGrain>(memberId).GetLedger(before, limit ?? DefaultPageSize) is { } page
            ? TypedResults.Ok(LedgerPageResponse.From(page))
            : Problem.MemberNotFound(memberId);
    }

    /// <summary>The problem for a command the member grain did not apply, or null when it did (or replayed it).</summary>
    internal static ProblemHttpResult? Refusal(CommandStatus status, string memberId, string idempotencyKey) => status switch
    {
        CommandStatus.Applied or CommandStatus.Replayed => null,
        CommandStatus.MemberNotFound => Problem.MemberNotFound(memberId),
        CommandStatus.IdempotencyKeyConflict => Problem.IdempotencyKeyReused(idempotencyKey),
        CommandStatus.Rejected => Problem.Unstorable(),
        // Unavailable, and any status a newer silo may add during a rolling upgrade: never a 500.
        _ => Problem.RetryLater(),
    };
}
