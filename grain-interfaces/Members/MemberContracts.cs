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

    /// <summary>The paid membership running now (its benefits are already in <see cref="Benefits"/>); null when none.</summary>
    [Id(6)] public Memberships.MembershipView? Membership { get; init; }

    /// <summary>Cashback the member can spend at the till, by currency.</summary>
    [Id(7)] public IReadOnlyList<Cashback.CashbackBalanceView> Cashback { get; init; } = [];
}
