using OrleansLoyalty.Domain.LoyaltyProgram;

namespace OrleansLoyalty.Domain.Cashback;

/// <summary>A purchase as cashback sees it: the money that earns (<see cref="EligibleAmount"/>) and what decides the percentages.</summary>
/// <param name="MembershipPercent">The cashback percent of the paid membership the member holds at the purchase (0: none).</param>
public sealed record CashbackInput(
    decimal EligibleAmount, string Currency, DateTimeOffset OccurredAt, string Channel, string Tier, string? MembershipId, decimal MembershipPercent);

/// <summary>
/// The cashback of one purchase by rule. Each rule is its percentage of the eligible amount, rounded down to the cent, so
/// the member is never credited money the rules did not give; the total is the sum of the rules.
/// </summary>
public static class CashbackCalculator
{
    public static IReadOnlyList<CashbackBy> Calculate(CashbackSection? section, CashbackInput purchase)
    {
        if (section is null || purchase.EligibleAmount <= 0 || !string.Equals(section.Currency, purchase.Currency, StringComparison.Ordinal)) return [];
        var rules = new List<CashbackBy>();
        if (section.PercentByTier.TryGetValue(purchase.Tier, out var tierPercent)) rules.Add(Rule($"tier:{purchase.Tier}", tierPercent, purchase.EligibleAmount));
        if (purchase.MembershipId is { } membership && purchase.MembershipPercent > 0) rules.Add(Rule($"membership:{membership}", purchase.MembershipPercent, purchase.EligibleAmount));
        foreach (var campaign in section.Campaigns)
        {
            if (purchase.OccurredAt < campaign.From || purchase.OccurredAt >= campaign.To) continue;
            if (campaign.Channels.Count > 0 && !campaign.Channels.Contains(purchase.Channel)) continue;
            rules.Add(Rule($"campaign:{campaign.Id}", campaign.Percent, purchase.EligibleAmount));
        }
        return [.. rules.Where(r => r.Amount > 0)];
    }

    /// <summary>
    /// Shares a purchase's cashback over its lines by their eligible amounts, in cents, largest remainder first, so the shares
    /// add up to the total and a line that earned nothing (an excluded category) gives nothing back when returned.
    /// </summary>
    public static IReadOnlyList<decimal> Allocate(decimal total, IReadOnlyList<decimal> eligibleByLine)
    {
        var sum = eligibleByLine.Sum();
        if (total <= 0 || sum <= 0) return [.. eligibleByLine.Select(_ => 0m)];
        var cents = (long)(total * 100);
        var exact = eligibleByLine.Select(e => cents * e / sum).ToList();
        var shares = exact.Select(e => (long)decimal.Floor(e)).ToList();
        var left = cents - shares.Sum();
        foreach (var i in exact.Select((e, i) => (Fraction: e - decimal.Floor(e), i)).OrderByDescending(x => x.Fraction).ThenBy(x => x.i).Take((int)left).Select(x => x.i))
        {
            shares[i]++;
        }
        return [.. shares.Select(c => c / 100m)];
    }

    /// <summary>The cashback a return takes back: the purchase's cashback in proportion to the amount returned, all of what is left when everything came back.</summary>
    public static decimal TakenBack(decimal purchaseCashback, decimal cashbackReturnedBefore, decimal purchaseAmount, decimal amountReturnedBefore, decimal amountReturned)
    {
        var left = purchaseCashback - cashbackReturnedBefore;
        if (left <= 0 || purchaseAmount <= 0) return 0;
        var returnedInAll = amountReturnedBefore + amountReturned;
        // A refund may differ from the purchase by rounding at the till: returning (nearly) all of it takes all that is left.
        if (returnedInAll >= purchaseAmount - 0.01m) return left;
        return Math.Clamp(Share(purchaseCashback, returnedInAll, purchaseAmount) - cashbackReturnedBefore, 0, left);
    }

    /// <summary><paramref name="part"/>/<paramref name="whole"/> of <paramref name="cashback"/>, rounded down to the cent.</summary>
    public static decimal Share(decimal cashback, decimal part, decimal whole) => whole <= 0 ? 0 : decimal.Floor(cashback * part / whole * 100) / 100;

    private static CashbackBy Rule(string rule, decimal percent, decimal eligible) => new(rule, decimal.Floor(eligible * percent) / 100);
}
