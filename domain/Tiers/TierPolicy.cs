using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Domain.Tiers;

/// <summary>A tier and what reaches it: points always, spend and purchases when the program sets them.</summary>
public sealed record TierDefinition(string Name, long QualifyingPoints, decimal? QualifyingSpend = null, int? QualifyingPurchases = null)
{
    public TierBenefits Benefits { get; init; } = TierBenefits.None;
}

/// <summary>What counts towards a tier in a window: points earned and spend, both net of returns, and purchases made.</summary>
public readonly record struct TierActivity(long Points, decimal Spend, int Purchases)
{
    /// <summary>Points and spend (net of returns) and purchases of <paramref name="earns"/> within <paramref name="window"/> before <paramref name="asOf"/>.</summary>
    public static TierActivity Of(IEnumerable<Ledger.QualifyingEarn> earns, DateTimeOffset asOf, TimeSpan window)
    {
        var from = asOf - window;
        var within = earns.Where(e => e.OccurredAt > from && e.OccurredAt <= asOf).ToList();
        return new TierActivity(within.Sum(e => e.Points), within.Sum(e => e.Spend), within.Sum(e => e.Purchases));
    }
}

/// <summary>Where a member stands: their tier, the activity that counts, and what the next tier takes.</summary>
public sealed record TierStanding(string Tier, long QualifyingPoints, string? NextTier, long PointsToNextTier)
{
    public decimal QualifyingSpend { get; init; }

    public int QualifyingPurchases { get; init; }

    /// <summary>Spend still missing for the next tier; null when the next tier does not count spend.</summary>
    public decimal? SpendToNextTier { get; init; }

    /// <summary>Purchases still missing for the next tier; null when the next tier does not count purchases.</summary>
    public int? PurchasesToNextTier { get; init; }

    public TierBenefits Benefits { get; init; } = TierBenefits.None;
}

/// <summary>
/// Tier qualification on activity in a rolling window (points, spend, purchases; any or all of a tier's thresholds).
/// Upgrades take effect at once; a tier is only lowered by the anniversary review (<see cref="Review"/>), one level at a
/// time: time passing, returns and redemptions never lower it in between.
/// </summary>
public sealed class TierPolicy
{
    public static readonly TierPolicy Default = From(ProgramDefinition.Default.Tiers);

    private readonly IReadOnlyList<TierDefinition> tiers;
    private readonly bool all;

    /// <summary>The tiers of a program definition.</summary>
    public static TierPolicy From(TierSection section) =>
        new([.. section.Levels.Select(l => new TierDefinition(l.Name, l.QualifyingPoints, l.QualifyingSpend, l.QualifyingPurchases) { Benefits = l.Benefits })],
            TimeSpan.FromDays(section.WindowDays), section.QualifyBy == TierQualification.All, section.GraceDays);

    public TierPolicy(IReadOnlyList<TierDefinition> tiers, TimeSpan window, bool qualifyByAll = false, int graceDays = 0)
    {
        if (tiers.Count == 0 || tiers[0].QualifyingPoints != 0)
        {
            throw new ArgumentException("The first tier must need no qualifying points.", nameof(tiers));
        }
        this.tiers = [.. tiers.OrderBy(t => t.QualifyingPoints)];
        all = qualifyByAll;
        Window = window;
        GraceDays = graceDays;
    }

    public TimeSpan Window { get; }

    /// <summary>Days after an anniversary before its review may lower the tier.</summary>
    public int GraceDays { get; }

    public string BaseTier => tiers[0].Name;

    /// <summary>The highest tier <paramref name="activity"/> reaches.</summary>
    public string Qualified(TierActivity activity) => tiers.Last(t => Reaches(t, activity)).Name;

    /// <summary>The tier a member holds after earning: the higher of what they hold and what they now qualify for.</summary>
    public string TierAfterEarning(string currentTier, TierActivity activity)
    {
        var qualified = Qualified(activity);
        return Rank(qualified) > Rank(currentTier) ? qualified : currentTier;
    }

    /// <summary>Points alone (events recorded before a tier decision was stored with them).</summary>
    public string TierAfterEarning(string currentTier, long qualifyingPoints) => TierAfterEarning(currentTier, new TierActivity(qualifyingPoints, 0, 0));

    /// <summary>
    /// The anniversary review: the tier held if the activity still reaches it (or a higher one, which an upgrade gave
    /// already), else one level lower. A tier this program no longer has falls to the highest tier the activity reaches.
    /// </summary>
    public string Review(string currentTier, TierActivity activity)
    {
        var qualified = Qualified(activity);
        var rank = Rank(currentTier);
        if (rank < 0) return qualified;
        return Rank(qualified) >= rank ? currentTier : tiers[rank - 1].Name;
    }

    public bool IsHigher(string tier, string than) => Rank(tier) > Rank(than);

    public TierBenefits BenefitsOf(string tier) => Rank(tier) is >= 0 and var rank ? tiers[rank].Benefits : TierBenefits.None;

    public TierStanding Standing(string currentTier, TierActivity activity)
    {
        var next = tiers.Skip(Rank(currentTier) + 1).FirstOrDefault();
        return new TierStanding(
            currentTier,
            activity.Points,
            next?.Name,
            next is null ? 0 : Math.Max(0, next.QualifyingPoints - activity.Points))
        {
            QualifyingSpend = activity.Spend,
            QualifyingPurchases = activity.Purchases,
            SpendToNextTier = next?.QualifyingSpend is { } spend ? Math.Max(0, spend - activity.Spend) : null,
            PurchasesToNextTier = next?.QualifyingPurchases is { } purchases ? Math.Max(0, purchases - activity.Purchases) : null,
            Benefits = BenefitsOf(currentTier),
        };
    }

    public TierStanding Standing(string currentTier, long qualifyingPoints) => Standing(currentTier, new TierActivity(qualifyingPoints, 0, 0));

    private bool Reaches(TierDefinition tier, TierActivity activity)
    {
        var met = new List<bool> { activity.Points >= tier.QualifyingPoints };
        if (tier.QualifyingSpend is { } spend) met.Add(activity.Spend >= spend);
        if (tier.QualifyingPurchases is { } purchases) met.Add(activity.Purchases >= purchases);
        return all ? met.All(m => m) : met.Any(m => m);
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
