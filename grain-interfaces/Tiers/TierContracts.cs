namespace OrleansLoyalty.GrainInterfaces.Tiers;

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.TierProgress")]
public sealed record TierProgress(
    [property: Id(0)] string Name,
    [property: Id(1)] long QualifyingPoints,
    [property: Id(2)] string? NextTier,
    [property: Id(3)] long PointsToNextTier)
{
    [Id(4)] public decimal QualifyingSpend { get; init; }

    [Id(5)] public int QualifyingPurchases { get; init; }

    /// <summary>Null when the next tier does not count spend.</summary>
    [Id(6)] public decimal? SpendToNextTier { get; init; }

    /// <summary>Null when the next tier does not count purchases.</summary>
    [Id(7)] public int? PurchasesToNextTier { get; init; }

    [Id(8)] public TierBenefitsView Benefits { get; init; } = TierBenefitsView.None;
}

/// <summary>What the member's tier gives: the same on the POS card and in the wallet.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.TierBenefitsView")]
public sealed record TierBenefitsView(
    [property: Id(0)] bool FreeShipping,
    [property: Id(1)] bool PriorityService,
    [property: Id(2)] bool EarlyAccess,
    [property: Id(3)] long BirthdayPoints,
    [property: Id(4)] decimal EarnMultiplier)
{
    public static readonly TierBenefitsView None = new(false, false, false, 0, 1);
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.WalletView")]
public sealed record WalletView(
    [property: Id(0)] long PointsBalance,
    [property: Id(1)] TierProgress Tier)
{
    [Id(2)] public long PendingPoints { get; init; }

    [Id(3)] public long PointsDebt { get; init; }

    [Id(4)] public ExpiringPoints Expiring { get; init; } = ExpiringPoints.None;

    [Id(5)] public BonusDayView? BonusDay { get; init; }

    [Id(6)] public IReadOnlyList<Cashback.CashbackBalanceView> Cashback { get; init; } = [];

    /// <summary>The paid membership running now; null when none.</summary>
    [Id(7)] public Memberships.MembershipView? Membership { get; init; }

    /// <summary>The challenges running now, and those the member completed.</summary>
    [Id(8)] public IReadOnlyList<ChallengeView> Challenges { get; init; } = [];
}

/// <summary>A challenge as the member sees it: the goal, their own target and why, how far they are, and the reward.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ChallengeView")]
public sealed record ChallengeView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Goal,
    [property: Id(3)] decimal Target,
    [property: Id(4)] decimal Progress,
    [property: Id(5)] string Reason,
    [property: Id(6)] bool Completed,
    [property: Id(7)] long RewardPoints,
    [property: Id(8)] DateTimeOffset From,
    [property: Id(9)] DateTimeOffset To);

/// <summary>Available points that expire within 30, 60 and 90 days (each includes the shorter ones).</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ExpiringPoints")]
public sealed record ExpiringPoints([property: Id(0)] long Within30Days, [property: Id(1)] long Within60Days, [property: Id(2)] long Within90Days)
{
    public static readonly ExpiringPoints None = new(0, 0, 0);
}

/// <summary>The member's personal bonus day (lower-case weekday), what it earns and why it was chosen.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.BonusDayView")]
public sealed record BonusDayView([property: Id(0)] string Day, [property: Id(1)] decimal Multiplier, [property: Id(2)] string Reason);
