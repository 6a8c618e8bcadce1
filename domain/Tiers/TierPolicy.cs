using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.Tiers;

public sealed record TierDefinition(string Name, long QualifyingPoints);

/// <summary>Where a member stands: their tier, the points that count, and what the next tier takes.</summary>
public sealed record TierStanding(string Tier, long QualifyingPoints, string? NextTier, long PointsToNextTier);

/// <summary>
/// Tier qualification on points earned in a rolling window. Upgrades take effect at once; a tier is
/// never lost between anniversaries (downgrades belong to the anniversary review, not to time passing).
/// </summary>
public sealed class TierPolicy
{
    public static readonly TierPolicy Default = new(
        [new("member", 0), new("silver", 1_000), new("gold", 5_000)],
        TimeSpan.FromDays(365));

    private readonly IReadOnlyList<TierDefinition> tiers;

    /// <summary>The tiers of a program definition.</summary>
    public static TierPolicy From(LoyaltyProgram.TierSection section) =>
        new([.. section.Levels.Select(l => new TierDefinition(l.Name, l.QualifyingPoints))], TimeSpan.FromDays(section.WindowDays));

    public TierPolicy(IReadOnlyList<TierDefinition> tiers, TimeSpan window)
    {
        if (tiers.Count == 0 || tiers[0].QualifyingPoints != 0)
        {
            throw new ArgumentException("The first tier must need no qualifying points.", nameof(tiers));
        }
        this.tiers = [.. tiers.OrderBy(t => t.QualifyingPoints)];
        Window = window;
    }

    public TimeSpan Window { get; }

    public string BaseTier => tiers[0].Name;

    /// <summary>Points earned on purchases that happened within the window ending at <paramref name="asOf"/>.</summary>
    public long QualifyingPoints(IEnumerable<LedgerEntry> entries, DateTimeOffset asOf)
    {
        var from = asOf - Window;
        return entries
            .Where(e => e.Type == LedgerEntryType.Earn && e.OccurredAt > from && e.OccurredAt <= asOf)
            .Sum(e => e.Points);
    }

    /// <summary>The tier a member holds after earning: the higher of what they hold and what they now qualify for.</summary>
    public string TierAfterEarning(string currentTier, long qualifyingPoints)
    {
        var qualified = tiers.Last(t => t.QualifyingPoints <= qualifyingPoints);
        return Rank(qualified.Name) > Rank(currentTier) ? qualified.Name : currentTier;
    }

    public bool IsHigher(string tier, string than) => Rank(tier) > Rank(than);

    public TierStanding Standing(string currentTier, long qualifyingPoints)
    {
        var next = tiers.Skip(Rank(currentTier) + 1).FirstOrDefault();
        return new TierStanding(
            currentTier,
            qualifyingPoints,
            next?.Name,
            next is null ? 0 : Math.Max(0, next.QualifyingPoints - qualifyingPoints));
    }

    /// <summary>A tier's rank; −1 for a tier this policy does not have (held under an earlier program version), below every tier here.</summary>
    private int Rank(string tier)
    {
        for (var i = 0; i < tiers.Count; i++)
        {
            if (tiers[i].Name == tier) return i;
        }
        return -1;
    }
}
