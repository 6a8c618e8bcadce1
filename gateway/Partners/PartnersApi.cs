using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Gateway.Ledger;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Reporting;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Partners;
using OrleansLoyalty.GrainInterfaces.Reporting;

namespace OrleansLoyalty.Gateway.Partners;

/// <summary>
/// Coalition partners: earn and burn for members who linked their partner id (identifier <c>partner</c>,
/// <c>{partnerId}:{their id}</c>), and the settlement per period. A partner key acts for its own partner only, addresses
/// members by its own id for them, and learns nothing of the member beyond the points its operation moved.
/// </summary>
public static class PartnersApi
{
    private const int MaxReasonLength = 200;

    public static IEndpointRouteBuilder MapPartnersApi(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/v1/partners/{partnerId}").WithTags("Partners").AllowRoles(Roles.Partner, Roles.Admin);
        partner.MapPost("/earnings", Earn)
            .WithSummary("Points for spend at the partner, by its rate in the program; 404 when no member linked this partner id.");
        partner.MapPost("/redemptions", Burn)
            .WithSummary("Points spent at the partner; 409 insufficient-points without revealing the balance.");
        app.MapGet("/v1/reports/partners/{partnerId}/settlement", Settlement).WithTags("Reporting").AllowRoles(Roles.Admin, Roles.Partner)
            .WithSummary("Points the partner issued and took from `from` to `to` (dates, UTC, both included; default the last 30 days).");
        return app;
    }

    private static async Task<Results<Ok<PartnerEarnResponse>, ValidationProblem, ProblemHttpResult>> Earn(
        string partnerId, PartnerEarnRequest request, ClaimsPrincipal caller, IGrainFactory grains, IdentifierResolver identifiers, PurchasePolicy policy, TimeProvider time)
    {
        if (Refusal(partnerId, caller) is { } refused) return refused;
        var errors = new ValidationErrors();
        errors.IdempotencyKey(request.IdempotencyKey);
        var member = PartnerIdentifier(partnerId, request.PartnerMemberId, errors);
        var amount = errors.PositiveMoney(request.Amount, "amount");
        var currency = errors.Currency(request.Currency);
        if (request.OccurredAt is not { } occurredAt) errors.Add("occurredAt", "is required: when the spend happened, with a time zone offset.");
        else if (policy.DateProblem(occurredAt, time.GetUtcNow()) is { } dateProblem) errors.Add("occurredAt", dateProblem);
        var reference = errors.Text(request.Reference, "reference", MaxReasonLength, required: false);
        if (errors.Any) return errors.ToProblem();

        if (await identifiers.FindCard(member!) is not { } card) return NotLinked(partnerId);
        var result = await grains.GetGrain<IMemberGrain>(card.MemberId).RecordPartnerEarn(
            new PartnerEarnCommand(KeyOf(partnerId, request.IdempotencyKey!), partnerId, amount!.Value, currency!, request.OccurredAt!.Value, reference));
        return result.Status == CommandStatus.PartnerNotFound
            ? Problem.Of(StatusCodes.Status404NotFound, "partner-not-found", "Partner not found", $"Nothing was earned: {result.Problem}")
            : Answer(result, request.IdempotencyKey!, () => new PartnerEarnResponse(partnerId, request.PartnerMemberId!, result.Points, result.Status == CommandStatus.Replayed));
    }

    private static async Task<Results<Ok<PartnerRedemptionResponse>, ValidationProblem, ProblemHttpResult>> Burn(
        string partnerId, PartnerRedemptionRequest request, ClaimsPrincipal caller, IGrainFactory grains, IdentifierResolver identifiers)
    {
        if (Refusal(partnerId, caller) is { } refused) return refused;
        var errors = new ValidationErrors();
        errors.IdempotencyKey(request.IdempotencyKey);
        var member = PartnerIdentifier(partnerId, request.PartnerMemberId, errors);
        if (request.Points is not (> 0 and <= LedgerValidation.MaxPoints)) errors.Add("points", $"must be a whole number from 1 to {LedgerValidation.MaxPoints}.");
        var reason = errors.Text(request.Reason, "reason", MaxReasonLength, required: true);
        if (errors.Any) return errors.ToProblem();

        if (await identifiers.FindCard(member!) is not { } card) return NotLinked(partnerId);
        var result = await grains.GetGrain<IMemberGrain>(card.MemberId).RedeemAtPartner(
            new PartnerRedeemCommand(KeyOf(partnerId, request.IdempotencyKey!), partnerId, request.Points!.Value, reason!));
        return result.Status switch
        {
            CommandStatus.PartnerNotFound => Problem.Of(StatusCodes.Status404NotFound, "partner-not-found", "Partner not found", $"Nothing was redeemed: {result.Problem}"),
            CommandStatus.InsufficientPoints => Problem.Of(StatusCodes.Status409Conflict, "insufficient-points", "Insufficient points", $"Nothing was redeemed: {result.Problem}"),
            _ => Answer(result, request.IdempotencyKey!, () => new PartnerRedemptionResponse(partnerId, request.PartnerMemberId!, result.Points, result.Status == CommandStatus.Replayed)),
        };
    }

    private static async Task<Results<Ok<PartnerSettlementResponse>, ValidationProblem, ProblemHttpResult>> Settlement(
        string partnerId, DateOnly? from, DateOnly? to, ClaimsPrincipal caller, IGrainFactory grains, TimeProvider time)
    {
        if (Refusal(partnerId, caller) is { } refused) return refused;
        var errors = new ValidationErrors();
        if (ReportPeriod.From(from, to, time, errors) is not { } period) return errors.ToProblem();
        var settlement = await grains.GetGrain<ILiabilityReportGrain>(0).PartnerSettlement(partnerId, period.Start, period.End);
        return TypedResults.Ok(new PartnerSettlementResponse(partnerId, period.First, period.Last, settlement.PointsIssued, settlement.Earnings, settlement.PointsRedeemed, settlement.Redemptions,
            settlement.PointsIssued - settlement.PointsRedeemed));
    }

    /// <summary>A partner key may act for its own partner only (an administrator for any).</summary>
    private static ProblemHttpResult? Refusal(string partnerId, ClaimsPrincipal caller) =>
        caller.IsInRole(Roles.Partner) && caller.FindFirst(Roles.PartnerClaim)?.Value != partnerId
            ? Problem.Forbidden("This API key acts for another partner.")
            : null;

    /// <summary>The member's partner identifier, <c>{partnerId}:{their id}</c>, as the identity index holds it.</summary>
    private static Identifier? PartnerIdentifier(string partnerId, string? partnerMemberId, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(partnerMemberId))
        {
            errors.Add("partnerMemberId", "is required: your id for the member, as the member linked it.");
            return null;
        }
        if (!IdentifierNormalizer.TryNormalize(IdentifierType.Partner, $"{partnerId}:{partnerMemberId.Trim()}", out var identifier, out var error))
        {
            errors.Add("partnerMemberId", error);
            return null;
        }
        return identifier;
    }

    private static ProblemHttpResult NotLinked(string partnerId) =>
        Problem.Of(StatusCodes.Status404NotFound, "member-not-found", "Member not found", $"No member linked this {partnerId} id.");

    /// <summary>Partner keys live in a space of their own in the member's stream, so a partner's key never meets a till's.</summary>
    private static string KeyOf(string partnerId, string key) => $"partner:{partnerId}:{key}";

    /// <summary>The answer to an applied or replayed operation, or the problem for a refusal (named by the partner's own key).</summary>
    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Answer<T>(PartnerOperationResult result, string partnerKey, Func<T> answer) =>
        result.Status == CommandStatus.MemberNotFound
            ? Problem.Of(StatusCodes.Status404NotFound, "member-not-found", "Member not found", "No member linked this partner id.")
            : LedgerApi.Refusal(result.Status, "", partnerKey) ?? (Results<Ok<T>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(answer());
}

public sealed record PartnerEarnRequest(string? IdempotencyKey, string? PartnerMemberId, decimal? Amount, string? Currency, DateTimeOffset? OccurredAt, string? Reference);

public sealed record PartnerEarnResponse(string PartnerId, string PartnerMemberId, long PointsEarned, bool Replayed);

public sealed record PartnerRedemptionRequest(string? IdempotencyKey, string? PartnerMemberId, long? Points, string? Reason);

public sealed record PartnerRedemptionResponse(string PartnerId, string PartnerMemberId, long PointsRedeemed, bool Replayed);

/// <param name="Net">Issued less redeemed: what the partner owes the brand for points issued, or the other way round.</param>
public sealed record PartnerSettlementResponse(string PartnerId, DateOnly From, DateOnly To, long PointsIssued, int Earnings, long PointsRedeemed, int Redemptions, long Net);
