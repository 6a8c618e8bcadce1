namespace OrleansLoyalty.Domain.LoyaltyProgram;

/// <summary>A member's personal bonus day and the reason the wallet shows for it.</summary>
public sealed record BonusDayChoice(DayOfWeek Day, int PurchasesOnDay, int Purchases, int LookbackDays)
{
    public string Reason => $"{PurchasesOnDay} of your {Purchases} purchases in the last {LookbackDays} days were on a {Day}.";
}

/// <summary>
/// Finds the weekday a member's purchases cluster on, in the member's time zone: at least the rule's number of purchases
/// in its look-back window, and at least its share of them on one weekday (the earliest in the week wins a tie).
/// </summary>
public static class BonusDayFinder
{
    public static BonusDayChoice? Find(BonusDayRule? rule, IEnumerable<DateTimeOffset> purchases, TimeZoneInfo zone, DateTimeOffset asOf)
    {
        if (rule is null) return null;
        var from = asOf - TimeSpan.FromDays(rule.LookbackDays);
        var days = purchases.Where(p => p > from && p <= asOf).Select(p => EarnCalculator.LocalDay(p, zone)).ToList();
        if (days.Count < rule.MinPurchases) return null;
        var top = days.GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => ((int)g.Key + 6) % 7).First();
        return top.Count() >= rule.MinShare * days.Count ? new BonusDayChoice(top.Key, top.Count(), days.Count, rule.LookbackDays) : null;
    }
}
