using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Storage.LoyaltyProgram;

namespace OrleansLoyalty.Grains.LoyaltyProgram;

/// <summary>
/// Consumes reward codes: one conditional UPDATE decides, so a code is used once even when two tills present it at the
/// same moment. A code still marked reserved is confirmed with its member first (its redemption may have committed just
/// before the mark was lost); an unconfirmed one was never paid for and is unknown.
/// </summary>
[StatelessWorker]
public sealed class RewardCodesGrain(RewardCodeStore store) : Grain, IRewardCodesGrain
{
    public async Task<CodeConsumption> Consume(string code, string consumedBy)
    {
        if (await store.TryConsume(code, consumedBy) is { } consumed) return Answer(CodeConsumptionOutcome.Consumed, consumed);
        var found = await store.Find(code);
        if (found is null) return new CodeConsumption(CodeConsumptionOutcome.NotFound, code, null, null, null, null);
        if (found.ConsumedAt is not null) return Answer(CodeConsumptionOutcome.AlreadyUsed, found);
        if (found.ExpiresAt <= DateTimeOffset.UtcNow) return Answer(CodeConsumptionOutcome.Expired, found);
        if (!found.Issued && await GrainFactory.GetGrain<IMemberGrain>(found.MemberId).ConfirmRewardCode(found.IdempotencyKey, code))
        {
            await store.MarkIssued(code);
            if (await store.TryConsume(code, consumedBy) is { } confirmed) return Answer(CodeConsumptionOutcome.Consumed, confirmed);
            return await Consume(code, consumedBy);
        }
        return new CodeConsumption(CodeConsumptionOutcome.NotFound, code, null, null, null, null);
    }

    private static CodeConsumption Answer(CodeConsumptionOutcome outcome, StoredRewardCode code) =>
        new(outcome, code.Code, code.RewardId, code.MemberId, code.ConsumedAt, code.ExpiresAt);
}
