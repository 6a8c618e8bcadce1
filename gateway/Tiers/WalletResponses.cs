using OrleansLoyalty.GrainInterfaces.Tiers;

namespace OrleansLoyalty.Gateway.Tiers;

/// <summary>The member's tier and what the next one takes; <see cref="NextTier"/> is null at the top tier.</summary>
public sealed record TierProgressResponse(string Name, long QualifyingPoints, string? NextTier, long PointsToNextTier)
{
    public static TierProgressResponse From(TierProgress tier) => new(tier.Name, tier.QualifyingPoints, tier.NextTier, tier.PointsToNextTier);
}

public sealed record WalletResponse(long PointsBalance, TierProgressResponse Tier)
{
    public static WalletResponse From(WalletView wallet) => new(wallet.PointsBalance, TierProgressResponse.From(wallet.Tier));
}
