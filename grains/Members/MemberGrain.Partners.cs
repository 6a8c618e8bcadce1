using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Partners;

namespace OrleansLoyalty.Grains.Members;

/// <summary>Coalition partners: earn by the partner's own rate, burn never beyond the balance; the partner learns only the points it moved.</summary>
public sealed partial class MemberGrain
{
    public async Task<PartnerOperationResult> RecordPartnerEarn(PartnerEarnCommand command)
    {
        var fingerprint = CommandFingerprint.Of("partner-earn", command.PartnerId, command.Amount, command.Currency, command.OccurredAt, command.Reference);
        var program = await currentProgram.Get();
        var partner = program.Definition.Partners.FirstOrDefault(p => p.Id == command.PartnerId);
        PartnerOperationResult Answer(CommandStatus status, LedgerEntry? entry, string? problem = null) => new(status, entry?.Points ?? 0, problem);
        return await Write(
            command.IdempotencyKey,
            () =>
            {
                if (Settled(command.IdempotencyKey, fingerprint, (status, entry) => Answer(status, entry)) is { } settled) return settled;
                if (partner is null || !partner.Currencies.Contains(command.Currency))
                {
                    return Decision.Answer(Answer(CommandStatus.PartnerNotFound, null, partner is null
                        ? $"the program has no partner '{command.PartnerId}'."
                        : $"partner '{partner.Id}' reports spend in {string.Join(", ", partner.Currencies)}, not {command.Currency}."));
                }
                var now = time.GetUtcNow();
                var points = EarnCalculator.Round(program.Definition.Earning.Rounding, command.Amount * partner.PointsPerUnit);
                // Partner points count for the tier like the brand's own (a coalition's promise), decided now and recorded.
                var tierAfter = TierAfterEarning(Account, program, command.OccurredAt, points, command.Amount, now);
                var earned = new PointsEarned(now, command.IdempotencyKey, fingerprint, points, command.Amount, command.Currency, command.OccurredAt, "partner", null)
                {
                    Breakdown = [new EarnedBy($"partner:{partner.Id}", points)],
                    ExpiresAt = PointsExpiry.ExpiresAt(program.Definition.Expiry, command.OccurredAt, tierAfter),
                    TierAfter = tierAfter,
                    ProgramVersion = program.Version,
                    PartnerId = partner.Id,
                };
                return new Decision<PartnerOperationResult>(earned, () => Answer(CommandStatus.Applied, Account.FindEntry(command.IdempotencyKey)));
            },
            failure => Answer(failure, null));
    }

    public async Task<PartnerOperationResult> RedeemAtPartner(PartnerRedeemCommand command)
    {
        var fingerprint = CommandFingerprint.Of("partner-burn", command.PartnerId, command.Points, command.Reason);
        var program = await currentProgram.Get();
        var partner = program.Definition.Partners.FirstOrDefault(p => p.Id == command.PartnerId);
        PartnerOperationResult Answer(CommandStatus status, LedgerEntry? entry, string? problem = null) => new(status, entry is null ? 0 : -entry.Points, problem);
        return await Write(
            command.IdempotencyKey,
            () =>
            {
                if (Settled(command.IdempotencyKey, fingerprint, (status, entry) => Answer(status, entry)) is { } settled) return settled;
                if (partner is null) return Decision.Answer(Answer(CommandStatus.PartnerNotFound, null, $"the program has no partner '{command.PartnerId}'."));
                // The partner is not told the balance: only that these points are not covered.
                if (!Account.CanRedeem(command.Points)) return Decision.Answer(Answer(CommandStatus.InsufficientPoints, null, "the member's available points do not cover this redemption."));
                var redeemed = new PointsRedeemed(time.GetUtcNow(), command.IdempotencyKey, fingerprint, command.Points, $"partner:{partner.Id}: {command.Reason}", "partner")
                {
                    ProgramVersion = program.Version,
                    PartnerId = partner.Id,
                };
                return new Decision<PartnerOperationResult>(redeemed, () => Answer(CommandStatus.Applied, Account.FindEntry(command.IdempotencyKey)));
            },
            failure => Answer(failure, null));
    }
}
