using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Personalization;

namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// A member account at a version, as stored in member_snapshots. Only an optimisation: a snapshot of an
/// unknown <see cref="Schema"/> (or none at all) means the whole stream is folded instead.
/// </summary>
public sealed record MemberAccountSnapshot(
    int Schema,
    int Version,
    MemberEnrolled? Enrolment,
    long PointsBalance,
    string Tier,
    LedgerEntry? LastEntry,
    DateTimeOffset Horizon,
    IReadOnlyList<OfferStatus> Offers,
    IReadOnlyList<RememberedKeySnapshot> Keys,
    IReadOnlyList<QualifyingEarn> Earns)
{
    /// <summary>Raised whenever the account's fold or this shape changes: older snapshots are then ignored.</summary>
    public const int CurrentSchema = 5;

    public IReadOnlyList<Identifier> Identifiers { get; init; } = [];

    public string? ClosingMerge { get; init; }

    public string? MergedInto { get; init; }

    public IReadOnlyList<MergeIn> Merges { get; init; } = [];

    public IReadOnlyList<PointsLot> Lots { get; init; } = [];

    public long PointsBelowZero { get; init; }

    public long PointsDebt { get; init; }

    public string? AnnouncedTier { get; init; }

    public DateTimeOffset? LastReviewedAnniversary { get; init; }

    public IReadOnlyDictionary<string, PurchaseReturns> Returns { get; init; } = new Dictionary<string, PurchaseReturns>();

    public IReadOnlyDictionary<string, long> CampaignPoints { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, int> RewardRedemptions { get; init; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, decimal> Cashback { get; init; } = new Dictionary<string, decimal>();

    public Memberships.HeldMembership? Membership { get; init; }

    public IReadOnlyList<string> CompletedChallenges { get; init; } = [];
}

public sealed record RememberedKeySnapshot(string Key, KeyUse Use, LedgerEntry? Entry, DateTimeOffset RecordedAt);
