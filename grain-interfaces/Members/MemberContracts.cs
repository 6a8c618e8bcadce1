namespace OrleansLoyalty.GrainInterfaces.Members;

/// <summary>What a POS counter needs and nothing more: no e-mail, phone or last name.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MemberCard")]
public sealed record MemberCard(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string LoyaltyNumber,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string Tier,
    [property: Id(4)] long PointsBalance)
{
    /// <summary>What the tier gives, so staff at the till see it (null from an activation that could not read the program).</summary>
    [Id(5)] public Tiers.TierBenefitsView? Benefits { get; init; }
}
