using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Ledger;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Cashback;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Cashback;

/// <summary>The cashback wallet: money back on purchases, with its own statement, spent at a till. A 200 means committed.</summary>
public static class CashbackApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;
    private const int MaxCodeLength = 64;

    public static IEndpointRouteBuilder MapCashbackApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        var cashback = memberGroup.MapGroup("/cashback").WithTags("Cashback");
        cashback.MapGet("", GetCashback).AllowRoles(Roles.Admin, Roles.App, Roles.Pos)
            .WithSummary("Cashback balances by currency and the newest movements of the cashback wallet.");
        cashback.MapPost("/redemptions", Redeem).AllowRoles(Roles.Pos, Roles.App, Roles.Admin)
            .WithSummary("Spend cashback; 409 insufficient-cashback when the wallet does not hold the amount in that currency.");
        return app;
    }

    private static async Task<Results<Ok<CashbackResponse>, ValidationProblem, ProblemHttpResult>> GetCashback(string memberId, int? limit, IGrainFactory grains)
    {
        if (limit is not null and not (>= 1 and <= MaxPageSize))
        {
            var errors = new ValidationErrors();
            errors.Add("limit", $"must be between 1 and {MaxPageSize}.");
            return errors.ToProblem();
        }
        return await grains.GetGrain<IMemberGrain>(memberId).GetCashback(limit ?? DefaultPageSize) is { } view
            ? TypedResults.Ok(CashbackResponse.From(view))
            : Problem.MemberNotFound(memberId);
    }

    private static async Task<Results<Ok<CashbackRedemptionResponse>, ValidationProblem, ProblemHttpResult>> Redeem(
        string memberId, CashbackRedemptionRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.IdempotencyKey(request.IdempotencyKey);
        var amount = errors.PositiveMoney(request.Amount, "amount");
        var currency = errors.Currency(request.Currency);
        var channel = LedgerValidation.Channel(request.Channel, caller, errors);
        var storeId = errors.Text(request.StoreId, "storeId", MaxCodeLength, required: false);
        if (errors.Any) return errors.ToProblem();

        var result = await grains.GetGrain<IMemberGrain>(memberId).RedeemCashback(new RedeemCashbackCommand(request.IdempotencyKey!, amount!.Value, currency!, channel!, storeId));
        return result.Status == CommandStatus.InsufficientCashback
            ? Problem.Of(StatusCodes.Status409Conflict, "insufficient-cashback", "Insufficient cashback", $"Nothing was spent: {result.Problem}")
            : LedgerApi.Refusal(result.Status, memberId, request.IdempotencyKey!)
                ?? (Results<Ok<CashbackRedemptionResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(
                    new CashbackRedemptionResponse(memberId, result.AmountRedeemed, result.Currency, result.CashbackBalance, result.Status == CommandStatus.Replayed));
    }
}

public sealed record CashbackRedemptionRequest(string? IdempotencyKey, decimal? Amount, string? Currency, string? Channel, string? StoreId);

public sealed record CashbackRedemptionResponse(string MemberId, decimal AmountRedeemed, string Currency, decimal CashbackBalance, bool Replayed);

public sealed record CashbackBalanceResponse(string Currency, decimal Balance)
{
    public static IReadOnlyList<CashbackBalanceResponse> From(IReadOnlyList<CashbackBalanceView> balances) => [.. balances.Select(b => new CashbackBalanceResponse(b.Currency, b.Balance))];
}

/// <param name="Type">What moved the money: earn (a purchase), return, cashback-redeem, merge-in, merge-out.</param>
public sealed record CashbackEntryResponse(int Sequence, string Type, decimal Amount, string Currency, decimal BalanceAfter, DateTimeOffset RecordedAt, string IdempotencyKey, string? Description);

public sealed record CashbackResponse(IReadOnlyList<CashbackBalanceResponse> Balances, IReadOnlyList<CashbackEntryResponse> Entries)
{
    public static CashbackResponse From(CashbackView view) => new(
        CashbackBalanceResponse.From(view.Balances),
        [.. view.Entries.Select(e => new CashbackEntryResponse(e.Sequence, e.Type, e.Amount, e.Currency, e.BalanceAfter, e.RecordedAt, e.IdempotencyKey, e.Description))]);
}
