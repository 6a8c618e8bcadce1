using OrleansLoyalty.Domain.Personalization;

namespace OrleansLoyalty.Domain.Tests.Personalization;

/// <summary>Purchase histories for the personalisation tests, relative to a fixed "now".</summary>
internal static class Shopping
{
    /// <summary>A Monday, midday UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 16, 12, 0, 0, TimeSpan.Zero);

    public static PurchaseFact Buy(DateTimeOffset at, decimal amount = 50m, decimal discount = 0m, params PurchaseLine[] lines) =>
        new(at, amount, discount, lines);

    public static PurchaseFact DaysAgo(int days, decimal amount = 50m, decimal discount = 0m, params PurchaseLine[] lines) =>
        Buy(Now.AddDays(-days), amount, discount, lines);

    public static PurchaseLine Line(string? category, decimal amount) => new(category, amount);

    public static PurchaseHistory History(params PurchaseFact[] facts) => PurchaseHistory.Of(facts, Now);

    /// <summary>One purchase on each of the given days ago.</summary>
    public static PurchaseHistory VisitedDaysAgo(params int[] daysAgo) => History([.. daysAgo.Select(days => DaysAgo(days))]);
}
