using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Ledger;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.LoyaltyProgram;

/// <summary>The rewards catalogue of the program: points buy single-use codes, which a till consumes once.</summary>
public static class RewardsApi
{
    private const int MaxCodeLength = 64;

    public static IEndpointRouteBuilder MapRewardsApi(this IEndpointRouteBuilder app, RouteGroupBuilder memberGroup)
    {
        memberGroup.MapPost("/rewards/{rewardId}/redemption", Redeem).WithTags("Rewards").AllowRoles(Roles.Pos, Roles.App, Roles.Admin)
            .WithSummary("Buy a catalogue reward with points: a single-use code; 409 tier-required, out-of-stock, reward-limit-reached or insufficient-points.");
        app.MapPost("/v1/codes/{code}/consumption", Consume).WithTags("Rewards").AllowRoles(Roles.Pos, Roles.Admin)
            .WithSummary("Use a reward code at the till, once; 409 code-used or code-expired, 404 for a code never issued.");
        return app;
    }

    private static async Task<Results<Ok<RewardRedemptionResponse>, ValidationProblem, ProblemHttpResult>> Redeem(
        string memberId, string rewardId, RewardRedemptionRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        errors.IdempotencyKey(request.IdempotencyKey);
        var channel = LedgerValidation.Channel(request.Channel, caller, errors);
        if (rewardId.Length > MaxCodeLength) errors.Add("rewardId", $"must be at most {MaxCodeLength} characters.");
        if (errors.Any) return errors.ToProblem();

        var result = await grains.GetGrain<IMemberGrain>(memberId).RedeemReward(new RedeemRewardCommand(request.IdempotencyKey!, rewardId, channel!));
        return result.Status switch
        {
            CommandStatus.RewardNotFound => Problem.RewardNotFound(rewardId),
            CommandStatus.TierRequired => Problem.RewardRefused("tier-required", result.Problem!),
            CommandStatus.OutOfStock => Problem.RewardRefused("out-of-stock", result.Problem!),
            CommandStatus.RewardLimitReached => Problem.RewardRefused("reward-limit-reached", result.Problem!),
            CommandStatus.InsufficientPoints => Problem.RewardRefused("insufficient-points", result.Problem!),
            _ => LedgerApi.Refusal(result.Status, memberId, request.IdempotencyKey!)
                ?? (Results<Ok<RewardRedemptionResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(RewardRedemptionResponse.From(memberId, result)),
        };
    }

    private static async Task<Results<Ok<CodeConsumptionResponse>, ValidationProblem, ProblemHttpResult>> Consume(string code, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (normalized.Length is 0 or > MaxCodeLength || !normalized.All(char.IsAsciiLetterOrDigit))
        {
            var errors = new ValidationErrors();
            errors.Add("code", "must be a reward code: letters and digits.");
            return errors.ToProblem();
        }
        var consumption = await grains.GetGrain<IRewardCodesGrain>(0).Consume(normalized, caller.Identity!.Name!);
        return consumption.Outcome switch
        {
            CodeConsumptionOutcome.Consumed => TypedResults.Ok(CodeConsumptionResponse.From(consumption)),
            CodeConsumptionOutcome.AlreadyUsed => Problem.CodeRefused("code-used", $"The code was used at {consumption.ConsumedAt:O}."),
            CodeConsumptionOutcome.Expired => Problem.CodeRefused("code-expired", $"The code expired at {consumption.ExpiresAt:O}."),
            _ => Problem.CodeNotFound(),
        };
    }
}

public sealed record RewardRedemptionRequest(string? IdempotencyKey, string? Channel);

/// <param name="Code">The single-use code for the till (POST /v1/codes/{code}/consumption).</param>
public sealed record RewardRedemptionResponse(string MemberId, string RewardId, string Code, DateTimeOffset CodeExpiresAt, long PointsRedeemed, long PointsBalance, bool Replayed)
{
    public static RewardRedemptionResponse From(string memberId, RewardRedemptionResult result) =>
        new(memberId, result.RewardId, result.Code!, result.CodeExpiresAt!.Value, result.PointsRedeemed, result.PointsBalance, result.Status == CommandStatus.Replayed);
}

public sealed record CodeConsumptionResponse(string Code, string RewardId, string MemberId, DateTimeOffset ConsumedAt)
{
    public static CodeConsumptionResponse From(CodeConsumption consumption) =>
        new(consumption.Code, consumption.RewardId!, consumption.MemberId!, consumption.ConsumedAt!.Value);
}
