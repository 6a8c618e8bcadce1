using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Grains.Members;

/// <summary>Catalogue rewards: points buy a stock unit and a single-use code.</summary>
public sealed partial class MemberGrain
{
    /// <summary>
    /// Checks what the member's own state decides (tier, per-member limit, available points), then reserves a stock unit
    /// and a code in PostgreSQL (idempotent by key, so concurrent redemptions on any silo never take the stock below
    /// zero), then appends the redemption with the code and marks the code issued. A redemption that fails after the
    /// reservation leaves a code nobody can use (the till asks the member first) until its retry takes it.
    /// </summary>
    public async Task<RewardRedemptionResult> RedeemReward(RedeemRewardCommand command)
    {
        var fingerprint = CommandFingerprint.Of("reward", command.RewardId, command.Channel);
        var program = await currentProgram.Get();
        RewardRedemptionResult Answer(CommandStatus status, LedgerEntry? entry, string? problem = null) =>
            new(status, command.RewardId, entry?.RewardCode, entry?.RewardCodeExpiresAt, entry is null ? 0 : -entry.Points, entry?.BalanceAfter ?? Account.PointsBalance, problem);

        var reward = program.Definition.Rewards.FirstOrDefault(r => r.Id == command.RewardId);
        string? code = null;
        DateTimeOffset expiresAt = default;
        if (!await TryReadIfNeeded()) return Answer(CommandStatus.Unavailable, null);
        if (reward is not null && Account.IsEnrolled && Account.MergedInto is null
            && Account.Check(command.IdempotencyKey, fingerprint) == IdempotencyCheck.New && Refusal(reward) is null)
        {
            expiresAt = time.GetUtcNow().AddDays(reward.ValidDays);
            try
            {
                code = await rewardCodes.Reserve(reward.Id, reward.Stock, MemberId, command.IdempotencyKey, expiresAt);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A reward code for member {MemberId} could not be reserved", MemberId);
                return Answer(CommandStatus.Unavailable, null);
            }
        }

        var result = await Write(
            command.IdempotencyKey,
            () =>
            {
                if (Settled(command.IdempotencyKey, fingerprint, (status, entry) => Answer(status, entry)) is { } settled) return settled;
                if (reward is null) return Decision.Answer(Answer(CommandStatus.RewardNotFound, null, $"the program has no reward '{command.RewardId}'."));
                if (Refusal(reward) is { } refusal) return Decision.Answer(Answer(refusal.Status, null, refusal.Problem));
                // Not reserved here (prepared as a replay, decided new after a re-read): the stock is never assumed.
                if (code is null) return Decision.Answer(Answer(CommandStatus.OutOfStock, null, $"'{reward.Name}' is out of stock."));
                var redeemed = new PointsRedeemed(time.GetUtcNow(), command.IdempotencyKey, fingerprint, reward.Cost, $"reward:{reward.Id}", command.Channel)
                {
                    RewardId = reward.Id,
                    Code = code,
                    CodeExpiresAt = expiresAt,
                    ProgramVersion = program.Version,
                };
                return new Decision<RewardRedemptionResult>(redeemed, () => Answer(CommandStatus.Applied, Account.FindEntry(command.IdempotencyKey)));
            },
            failure => Answer(failure, null));
        if (result.Status is CommandStatus.Applied or CommandStatus.Replayed && result.Code is { } issued)
        {
            try
            {
                await rewardCodes.MarkIssued(issued);
            }
            catch (Exception e)
            {
                // The code is in the member's stream: the till confirms it with the member instead.
                logger.LogWarning(e, "Reward code of member {MemberId} not marked issued; it is confirmed at the till", MemberId);
            }
        }
        return result;
    }

    /// <summary>Why the member may not have <paramref name="reward"/> now; null when they may.</summary>
    private (CommandStatus Status, string Problem)? Refusal(RewardDefinition reward)
    {
        if (reward.Tiers.Count > 0 && !reward.Tiers.Contains(Account.Tier))
        {
            return (CommandStatus.TierRequired, $"'{reward.Name}' is for members in {string.Join(" or ", reward.Tiers)}; this member is {Account.Tier}.");
        }
        if (reward.PerMemberLimit is { } limit && Account.RewardRedemptions.GetValueOrDefault(reward.Id) >= limit)
        {
            return (CommandStatus.RewardLimitReached, $"'{reward.Name}' can be redeemed {limit} time(s) per member.");
        }
        return Account.CanRedeem(reward.Cost) ? null : (CommandStatus.InsufficientPoints, $"'{reward.Name}' costs {reward.Cost} points; {Account.PointsBalance} are available.");
    }

    public async Task<bool> ConfirmRewardCode(string idempotencyKey, string code)
    {
        await ReadIfNeeded(forwardIfMoved: false);
        if (Account.FindEntry(idempotencyKey) is { } entry) return entry.RewardCode == code;
        // Older than the keys remembered in memory: the store still has the key's line.
        return await store.FindKey(MemberId, idempotencyKey) is var (_, stored, _) && stored?.RewardCode == code;
    }
}
