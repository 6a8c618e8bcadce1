namespace OrleansLoyalty.GrainInterfaces.Tiers;

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.TierProgress")]
public sealed record TierProgress(
    [property: Id(0)] string Name,
    [property: Id(1)] long QualifyingPoints,
    [property: Id(2)] string? NextTier,
    [property: Id(3)] long PointsToNextTier);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.WalletView")]
public sealed record WalletView(
    [property: Id(0)] long PointsBalance,
    [property: Id(1)] TierProgress Tier);
