using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Domain.Memberships;

/// <summary>
/// A paid membership of the program (Walmart+-style): bought for a period of whole months, it gives its benefits, a points
/// multiplier and cashback while it runs, and lapses at the end of the period unless renewed. Payment happens outside the
/// ledger (the brand's shop or app store); the ledger records the membership, its price and period.
/// </summary>
public sealed record MembershipPlan(string Id, string Name, int PeriodMonths, decimal Price, string Currency, decimal EarnMultiplier, decimal CashbackPercent, TierBenefits Benefits);

/// <summary>The paid membership a member holds: which plan, since when and until when (exclusive).</summary>
public sealed record HeldMembership(string PlanId, DateTimeOffset From, DateTimeOffset Until)
{
    public bool IsActiveAt(DateTimeOffset at) => at >= From && at < Until;

    /// <summary>
    /// The end of the period after a renewal of <paramref name="months"/>: counted from the day it started, so a membership
    /// bought on 31 January runs to 28 February, then to 31 March (not 28 March), like a card subscription.
    /// </summary>
    public DateTimeOffset RenewedUntil(int months) =>
        From.AddMonths((Until.Year - From.Year) * 12 + Until.Month - From.Month + months);
}
