using OrleansLoyalty.GrainInterfaces.Tiers;

namespace OrleansLoyalty.Gateway.Tiers;

/// <summary>The member's tier and what the next one takes; <see cref="NextTier"/> is null at the top tier.</summary>
/// <param name="QualifyingPoints">Points earned (net of returns) in the program's tier window: not the balance.</param>
/// <param name="SpendToNextTier">Spend still missing for the next tier; null when it does not count spend.</param>
/// <param name="PurchasesToNextTier">Purchases still missing for the next tier; null when it does not count purchases.</param>
public sealed record TierProgressResponse(
    string Name, long QualifyingPoints, decimal QualifyingSpend, int QualifyingPurchases,
    string? NextTier, long PointsToNextTier, decimal? SpendToNextTier, int? PurchasesToNextTier, TierBenefitsResponse Benefits)
{
    public static TierProgressResponse From(TierProgress tier) => new(
        tier.Name, tier.QualifyingPoints, tier.QualifyingSpend, tier.QualifyingPurchases,
        tier.NextTier, tier.PointsToNextTier, tier.SpendToNextTier, tier.PurchasesToNextTier, TierBenefitsResponse.From(tier.Benefits));
}

/// <summary>What the tier gives, the same on the POS card and in the wallet.</summary>
/// <param name="BirthdayPoints">Points given on the member's birthday (0: none).</param>
/// <param name="EarnMultiplier">The tier's points multiplier on purchases (1: none).</param>
public sealed record TierBenefitsResponse(bool FreeShipping, bool PriorityService, bool EarlyAccess, long BirthdayPoints, decimal EarnMultiplier)
{
    public static TierBenefitsResponse From(TierBenefitsView benefits) =>
        new(benefits.FreeShipping, benefits.PriorityService, benefits.EarlyAccess, benefits.BirthdayPoints, benefits.EarnMultiplier);
}

/// <param name="PointsBalance">Points available to redeem now.</param>
/// <param name="PendingPoints">Points earned but still in the return window: available once it closes.</param>
/// <param name="PointsDebt">Points a return took back beyond the balance and the program's limit, recovered from future earns.</param>
/// <param name="Expiring">Available points that expire within 30, 60 and 90 days.</param>
/// <param name="BonusDay">The member's personal bonus day, when their purchases cluster on one weekday.</param>
/// <param name="Cashback">The cashback wallet by currency (empty when it holds nothing).</param>
/// <param name="Membership">The paid membership running now; null when none.</param>
public sealed record WalletResponse(
    long PointsBalance, TierProgressResponse Tier, long PendingPoints, long PointsDebt, ExpiringPointsResponse Expiring, BonusDayResponse? BonusDay,
    IReadOnlyList<Cashback.CashbackBalanceResponse> Cashback, Memberships.MembershipViewResponse? Membership, IReadOnlyList<ChallengeResponse> Challenges)
{
    public static WalletResponse From(WalletView wallet) => new(
        wallet.PointsBalance, TierProgressResponse.From(wallet.Tier), wallet.PendingPoints, wallet.PointsDebt,
        new ExpiringPointsResponse(wallet.Expiring.Within30Days, wallet.Expiring.Within60Days, wallet.Expiring.Within90Days),
        wallet.BonusDay is { } day ? new BonusDayResponse(day.Day, day.Multiplier, day.Reason) : null,
        Gateway.Cashback.CashbackBalanceResponse.From(wallet.Cashback), Memberships.MembershipViewResponse.FromOptional(wallet.Membership),
        [.. wallet.Challenges.Select(c => new ChallengeResponse(c.Id, c.Name, c.Goal, c.Target, c.Progress, c.Reason, c.Completed, c.RewardPoints, c.From, c.To))]);
}

/// <param name="Target">The member's own target (personal from their history, or the program's for everyone); <paramref name="Reason"/> says which and why.</param>
/// <param name="Progress">How far the member is within the window (spend net of returns).</param>
public sealed record ChallengeResponse(string Id, string Name, string Goal, decimal Target, decimal Progress, string Reason, bool Completed, long RewardPoints, DateTimeOffset From, DateTimeOffset To);

public sealed record ExpiringPointsResponse(long Within30Days, long Within60Days, long Within90Days);

/// <param name="Day">The weekday, lower case ("monday"), in the member's time zone.</param>
public sealed record BonusDayResponse(string Day, decimal Multiplier, string Reason);
