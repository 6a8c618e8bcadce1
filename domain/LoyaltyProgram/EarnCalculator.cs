using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.LoyaltyProgram;

/// <summary>One rule's share of a purchase's points: what the purchase response and the statement show.</summary>
public sealed record EarnedBy(string Rule, long Points);

/// <summary>A line of a purchase as earning sees it: its amount before the basket discount.</summary>
public sealed record EarnLine(string Sku, string? Category, decimal Quantity, decimal Amount);

/// <summary>A purchase to earn on, with what the member's state contributes (tier, bonus day, campaign points so far).</summary>
public sealed record EarnInput(
    decimal Amount,
    DateTimeOffset OccurredAt,
    string Channel,
    IReadOnlyList<EarnLine> Lines,
    decimal Discount,
    string Tier,
    DayOfWeek? BonusDay,
    TimeZoneInfo TimeZone,
    IReadOnlyDictionary<string, long> CampaignPointsSoFar)
{
    /// <summary>The paid membership the member holds at the purchase, and its points multiplier; null: none.</summary>
    public string? MembershipId { get; init; }

    public decimal MembershipMultiplier { get; init; } = 1;
}

/// <summary>
/// The points of a purchase by rule, and the share of each line (what a return of that line takes back). A campaign's
/// points are what the member's limit allows; the total budget is the caller's to reserve (<see cref="EarnCalculator.Cap"/>).
/// </summary>
public sealed record EarnResult(IReadOnlyList<EarnedBy> Breakdown, IReadOnlyList<long> LinePoints)
{
    public long Total => Breakdown.Sum(b => b.Points);

    public static string CampaignRule(string campaignId) => "campaign:" + campaignId;

    /// <summary>The campaigns this result draws on, with their points.</summary>
    public IEnumerable<(string CampaignId, long Points)> CampaignPoints =>
        Breakdown.Where(b => b.Rule.StartsWith("campaign:", StringComparison.Ordinal) && b.Points > 0).Select(b => (b.Rule["campaign:".Length..], b.Points));
}

/// <summary>
/// The program's earn rules applied to one purchase. Points are earned on what was paid: each line's amount is scaled by
/// amount / (amount + discount), and lines in excluded categories earn nothing. The base (<c>pointsPerUnit</c>) is
/// multiplied per category; channel, tier, bonus-day and campaign bonuses each add the base again times (multiplier − 1),
/// so one bonus never multiplies another. Each rule is rounded by the program's policy; the total is their sum.
/// </summary>
public static class EarnCalculator
{
    public static EarnResult Calculate(EarningSection earning, IReadOnlyList<TierLevel> tiers, EarnInput purchase)
    {
        if (purchase.Amount <= 0) return new EarnResult([new EarnedBy("base", 0)], [.. purchase.Lines.Select(_ => 0L)]);
        // Without lines the whole amount is one line of no category.
        IReadOnlyList<EarnLine> lines = purchase.Lines.Count > 0 ? purchase.Lines : [new EarnLine("", null, 1, purchase.Amount + purchase.Discount)];
        var baseOf = EligibleByLine(earning, lines, purchase.Amount).Select(eligible => eligible * earning.PointsPerUnit).ToList();

        var rules = new List<(string Rule, decimal Points)> { ("base", baseOf.Sum()) };
        foreach (var category in lines.Select(l => l.Category).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!earning.CategoryMultipliers.TryGetValue(category, out var multiplier) || multiplier == 1) continue;
            rules.Add(($"category:{category}", lines.Select((l, i) => l.Category == category ? baseOf[i] * (multiplier - 1) : 0).Sum()));
        }
        var totalBase = baseOf.Sum();
        if (earning.ChannelBonuses.TryGetValue(purchase.Channel, out var channel) && channel != 1) rules.Add(($"channel:{purchase.Channel}", totalBase * (channel - 1)));
        if (tiers.FirstOrDefault(t => t.Name == purchase.Tier) is { EarnMultiplier: not 1 } tier) rules.Add(($"tier:{tier.Name}", totalBase * (tier.EarnMultiplier - 1)));
        if (purchase.MembershipId is { } membership && purchase.MembershipMultiplier != 1) rules.Add(($"membership:{membership}", totalBase * (purchase.MembershipMultiplier - 1)));
        if (earning.BonusDay is { } bonus && purchase.BonusDay is { } day && LocalDay(purchase.OccurredAt, purchase.TimeZone) == day)
        {
            rules.Add(($"bonus-day:{day.ToString().ToLowerInvariant()}", totalBase * (bonus.Multiplier - 1)));
        }
        foreach (var campaign in earning.Campaigns)
        {
            if (purchase.OccurredAt < campaign.From || purchase.OccurredAt >= campaign.To) continue;
            if (campaign.Channels.Count > 0 && !campaign.Channels.Contains(purchase.Channel)) continue;
            var eligible = lines.Select((l, i) => campaign.Categories.Count == 0 || (l.Category is { } c && campaign.Categories.Contains(c)) ? baseOf[i] : 0).Sum();
            var wanted = Round(earning.Rounding, eligible * (campaign.Multiplier - 1));
            var left = campaign.PerMemberLimit is { } limit ? Math.Max(0, limit - purchase.CampaignPointsSoFar.GetValueOrDefault(campaign.Id)) : long.MaxValue;
            if (Math.Min(wanted, left) > 0) rules.Add((EarnResult.CampaignRule(campaign.Id), Math.Min(wanted, left)));
        }
        var breakdown = rules.Select(r => new EarnedBy(r.Rule, Round(earning.Rounding, r.Points))).Where((r, i) => i == 0 || r.Points > 0).ToList();
        return new EarnResult(breakdown, purchase.Lines.Count > 0 ? Allocate(breakdown.Sum(b => b.Points), lines, baseOf, earning) : []);
    }

    /// <summary>The result with each campaign's points cut to what its total budget granted (a campaign missing from <paramref name="granted"/> keeps its points).</summary>
    public static EarnResult Cap(EarnResult result, IReadOnlyDictionary<string, long> granted, EarningSection earning, IReadOnlyList<EarnLine> lines, decimal amount, decimal discount)
    {
        var breakdown = result.Breakdown
            .Select(b => b.Rule.StartsWith("campaign:", StringComparison.Ordinal) && granted.TryGetValue(b.Rule["campaign:".Length..], out var g) ? b with { Points = Math.Min(b.Points, g) } : b)
            .Where((b, i) => i == 0 || b.Points > 0)
            .ToList();
        if (lines.Count == 0) return new EarnResult(breakdown, []);
        var baseOf = EligibleByLine(earning, lines, amount).Select(eligible => eligible * earning.PointsPerUnit).ToList();
        return new EarnResult(breakdown, Allocate(breakdown.Sum(b => b.Points), lines, baseOf, earning));
    }

    public static long Round(string rounding, decimal points) => points <= 0 ? 0 : rounding switch
    {
        PointsRounding.Nearest => (long)decimal.Round(points, MidpointRounding.AwayFromZero),
        PointsRounding.Ceiling => (long)decimal.Ceiling(points),
        _ => (long)decimal.Floor(points),
    };

    public static DayOfWeek LocalDay(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).DayOfWeek;

    /// <summary>The money of a purchase that earns: the paid share of the lines outside excluded categories (all of the amount without lines).</summary>
    public static decimal EligibleAmount(EarningSection earning, IReadOnlyList<EarnLine> lines, decimal amount) =>
        amount <= 0 ? 0 : lines.Count == 0 ? amount : EligibleByLine(earning, lines, amount).Sum();

    /// <summary>Each line's amount scaled by what was paid (amount / lines before the discount), zero for excluded categories.</summary>
    public static IEnumerable<decimal> EligibleByLine(EarningSection earning, IReadOnlyList<EarnLine> lines, decimal amount)
    {
        var linesTotal = lines.Sum(l => l.Amount);
        var paidShare = linesTotal <= 0 ? 0 : amount / linesTotal;
        return lines.Select(l => IsExcluded(earning, l) ? 0 : l.Amount * paidShare);
    }

    private static bool IsExcluded(EarningSection earning, EarnLine line) => line.Category is { } c && earning.ExcludedCategories.Contains(c);

    /// <summary>
    /// Shares the total over the lines by what each earned before bonuses (its base times its category multiplier), largest
    /// remainder first, so the shares add up to the total and a line that earned nothing gets nothing back on return.
    /// </summary>
    private static List<long> Allocate(long total, IReadOnlyList<EarnLine> lines, IReadOnlyList<decimal> baseOf, EarningSection earning)
    {
        var weights = lines.Select((l, i) => baseOf[i] * (l.Category is { } c && earning.CategoryMultipliers.TryGetValue(c, out var m) ? m : 1)).ToList();
        var sum = weights.Sum();
        if (sum <= 0 || total <= 0) return [.. lines.Select(_ => 0L)];
        var exact = weights.Select(w => total * w / sum).ToList();
        var shares = exact.Select(e => (long)decimal.Floor(e)).ToList();
        var left = total - shares.Sum();
        foreach (var i in exact.Select((e, i) => (Fraction: e - decimal.Floor(e), i)).OrderByDescending(x => x.Fraction).ThenBy(x => x.i).Take((int)left).Select(x => x.i))
        {
            shares[i]++;
        }
        return shares;
    }
}
