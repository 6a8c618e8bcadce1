using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Tiers;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>An identifier the member owns: whether it was verified, who linked it and when.</summary>
public sealed record IdentifierResponse(string Type, string Value, bool Verified, string Source, DateTimeOffset LinkedAt)
{
    public static IdentifierResponse From(IdentifierLinkView link) => new(link.Type, link.Value, link.Verified, link.Source, link.LinkedAt);
}

public sealed record ProfileResponse(string FirstName, string? LastName, string? Locale, string? TimeZone)
{
    public static ProfileResponse From(ProfileData profile) => new(profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone);
}

/// <summary>The full member view for the member themself and for administrators: who they are (the profile grain) and where they stand (the ledger).</summary>
public sealed record MemberResponse(
    string MemberId,
    string LoyaltyNumber,
    string Tier,
    long PointsBalance,
    ProfileResponse Profile,
    IReadOnlyList<IdentifierResponse> Identifiers,
    DateTimeOffset EnrolledAt)
{
    public static MemberResponse From(MemberProfileView profile, WalletView wallet) => new(
        profile.MemberId,
        profile.LoyaltyNumber,
        wallet.Tier.Name,
        wallet.PointsBalance,
        ProfileResponse.From(profile.Profile),
        [.. profile.Identifiers.Select(IdentifierResponse.From)],
        profile.EnrolledAt);
}

/// <summary>What a POS counter needs and nothing more: no e-mail, phone or last name.</summary>
/// <param name="Benefits">What the member's tier and paid membership give, so staff at the till see it.</param>
/// <param name="Membership">The paid membership running now; null when none.</param>
/// <param name="Cashback">Cashback the member can spend at the till, by currency.</param>
public sealed record MemberCardResponse(
    string MemberId, string LoyaltyNumber, string FirstName, string Tier, long PointsBalance, Tiers.TierBenefitsResponse Benefits,
    Memberships.MembershipViewResponse? Membership, IReadOnlyList<Cashback.CashbackBalanceResponse> Cashback)
{
    public static MemberCardResponse From(MemberCard card) => new(
        card.MemberId, card.LoyaltyNumber, card.FirstName, card.Tier, card.PointsBalance, Tiers.TierBenefitsResponse.From(card.Benefits ?? OrleansLoyalty.GrainInterfaces.Tiers.TierBenefitsView.None),
        Memberships.MembershipViewResponse.FromOptional(card.Membership), Gateway.Cashback.CashbackBalanceResponse.From(card.Cashback));
}
