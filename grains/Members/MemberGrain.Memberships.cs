using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Memberships;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Memberships;
using OrleansLoyalty.GrainInterfaces.Tiers;
using OrleansLoyalty.Grains.LoyaltyProgram;

namespace OrleansLoyalty.Grains.Members;

/// <summary>Paid memberships: bought or renewed by command, lapsing by the scheduler at the end of their period.</summary>
public sealed partial class MemberGrain
{
    public async Task<MembershipResult> StartMembership(StartMembershipCommand command)
    {
        var fingerprint = CommandFingerprint.Of("membership", command.PlanId);
        var program = await currentProgram.Get();
        var plan = program.Definition.Memberships.FirstOrDefault(p => p.Id == command.PlanId);
        MembershipResult Answer(CommandStatus status, bool renewal = false, string? problem = null) => new(status, MembershipNow(program), renewal, problem);
        return await Write(
            command.IdempotencyKey,
            () =>
            {
                if (Settled(command.IdempotencyKey, fingerprint, (status, entry) => Answer(status, entry?.Description?.Contains(" renewed ", StringComparison.Ordinal) == true)) is { } settled)
                {
                    return settled;
                }
                if (plan is null) return Decision.Answer(Answer(CommandStatus.MembershipNotFound, problem: $"the program has no paid membership '{command.PlanId}'."));
                var now = time.GetUtcNow();
                var held = Account.Membership is { } membership && membership.IsActiveAt(now) ? membership : null;
                if (held is not null && held.PlanId != plan.Id)
                {
                    return Decision.Answer(Answer(CommandStatus.MembershipConflict,
                        problem: $"the member holds the membership '{held.PlanId}' until {held.Until:O}; another can start when it ends."));
                }
                var from = held?.Until ?? now;
                var until = held?.RenewedUntil(plan.PeriodMonths) ?? now.AddMonths(plan.PeriodMonths);
                var started = new MembershipStarted(now, command.IdempotencyKey, fingerprint, plan.Id, plan.Name, from, until, plan.Price, plan.Currency, held is not null)
                {
                    ProgramVersion = program.Version,
                };
                return new Decision<MembershipResult>(started, () => Answer(CommandStatus.Applied, held is not null));
            },
            failure => Answer(failure));
    }

    /// <summary>The lapse of a membership whose period is over and was not extended; null while it runs (or when already written).</summary>
    private MembershipLapsed? LapseDue(DateTimeOffset now) =>
        Account.Membership is { } held && held.Until <= now ? new MembershipLapsed(now, held.PlanId, held.Until) : null;

    /// <summary>The plan of the membership the member holds at <paramref name="at"/>, as the running program defines it; null when none.</summary>
    private static MembershipPlan? MembershipAt(MemberAccount account, RunningProgram program, DateTimeOffset at) =>
        account.Membership is { } held && held.IsActiveAt(at) ? program.Definition.Memberships.FirstOrDefault(p => p.Id == held.PlanId) : null;

    private MembershipView? MembershipNow(RunningProgram program)
    {
        var now = time.GetUtcNow();
        if (Account.Membership is not { } held || !held.IsActiveAt(now)) return null;
        var plan = program.Definition.Memberships.FirstOrDefault(p => p.Id == held.PlanId);
        var benefits = plan is null ? TierBenefitsView.None
            : new TierBenefitsView(plan.Benefits.FreeShipping, plan.Benefits.PriorityService, plan.Benefits.EarlyAccess, plan.Benefits.BirthdayPoints, plan.EarnMultiplier);
        return new MembershipView(held.PlanId, plan?.Name ?? held.PlanId, held.From, held.Until, benefits, plan?.CashbackPercent ?? 0);
    }

    /// <summary>What the tier and the paid membership give together: either one's flag, the larger birthday gift; the multiplier stays the tier's (the membership's is its own rule).</summary>
    private static TierBenefitsView Combined(TierBenefitsView tier, MembershipView? membership) => membership is null ? tier : tier with
    {
        FreeShipping = tier.FreeShipping || membership.Benefits.FreeShipping,
        PriorityService = tier.PriorityService || membership.Benefits.PriorityService,
        EarlyAccess = tier.EarlyAccess || membership.Benefits.EarlyAccess,
        BirthdayPoints = Math.Max(tier.BirthdayPoints, membership.Benefits.BirthdayPoints),
    };
}
