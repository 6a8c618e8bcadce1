using System.Globalization;
using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>A member's purchase rhythm as the models see it at a date, with the days it is built from.</summary>
public sealed record MemberPurchaseRhythm(PurchaseSummary Summary, DateOnly FirstPurchaseDay, DateOnly LastPurchaseDay, int PurchaseDays, DateOnly AsOf);

/// <summary>
/// Builds one member's (x, tₓ, T, mₓ) from their ledger with the same rules the population fit uses
/// (purchase days in UTC, same-day purchases one transaction, T up to <c>asOf</c>), so a member is scored
/// exactly as the members the model was fitted on.
/// </summary>
public static class MemberPurchaseHistory
{
    public static DateOnly PurchaseDay(DateTimeOffset occurredAt) => DateOnly.FromDateTime(occurredAt.UtcDateTime);

    /// <summary>Null when the member made no purchase on or before <paramref name="asOf"/>.</summary>
    public static MemberPurchaseRhythm? RhythmAsOf(IEnumerable<PointsEarned> purchases, DateOnly asOf)
    {
        var dated = purchases.Select(p => new DatedPurchase<int>(0, PurchaseDay(p.OccurredAt), p.Amount)).ToList();
        if (!dated.Any(p => p.Day <= asOf)) return null;
        var calibration = CalibrationSummaryBuilder.Build(dated, asOf).Single();
        var days = dated.Where(p => p.Day <= asOf).Select(p => p.Day).Distinct().Order().ToList();
        return new MemberPurchaseRhythm(calibration.Summary, days[0], days[^1], days.Count, asOf);
    }

    /// <summary>Why the scores are what they are, in words a member or an agent can read, including any fallback the score had to take.</summary>
    public static string Explain(MemberPurchaseRhythm rhythm, MemberScore score)
    {
        var c = CultureInfo.InvariantCulture;
        var weeksSinceLast = (rhythm.AsOf.DayNumber - rhythm.LastPurchaseDay.DayNumber) / 7.0;
        var history = rhythm.PurchaseDays == 1
            ? string.Create(c, $"One purchase day so far ({rhythm.FirstPurchaseDay:yyyy-MM-dd}), {weeksSinceLast:0.#} weeks before {rhythm.AsOf:yyyy-MM-dd}.")
            : string.Create(c, $"{rhythm.PurchaseDays} purchase days from {rhythm.FirstPurchaseDay:yyyy-MM-dd} to {rhythm.LastPurchaseDay:yyyy-MM-dd}, the last {weeksSinceLast:0.#} weeks before {rhythm.AsOf:yyyy-MM-dd}.");
        var fallbacks = score.Fallbacks;
        var purchases = fallbacks.HasFlag(ScoreFallbacks.PurchasesUnknown)
            ? ""
            : string.Create(c, $" and expected to buy {score.ExpectedPurchasesNext90Days:0.##} times in the next 90 days")
                + (fallbacks.HasFlag(ScoreFallbacks.SpendUnknown) ? "" : string.Create(c, $" (about {score.ExpectedSpendPerPurchase:0.00} each)"));
        var outlook = string.Create(c,
            $" Members with this rhythm are {score.ProbabilityAlive:P0} likely still active{purchases}, so churn risk is {score.ChurnRisk.ToString().ToLowerInvariant()}.");
        var caveat = rhythm.PurchaseDays == 1
            ? " With a single purchase the model cannot see a break in rhythm yet; the expected purchase count carries the risk."
            : "";
        return history + outlook + caveat + ExplainFallbacks(fallbacks);
    }

    private static string ExplainFallbacks(ScoreFallbacks fallbacks)
    {
        var text = "";
        if (fallbacks.HasFlag(ScoreFallbacks.PurchasesUnknown))
        {
            text += " The current model cannot forecast purchases for this history (its parameters give no finite value), so expected purchases and CLV are shown as 0: unknown, not zero.";
        }

        if (fallbacks.HasFlag(ScoreFallbacks.SpendIsMemberMean))
        {
            text += " The current model's expected spend is infinite for this history (Gamma-Gamma p·x + q ≤ 1), so the spend shown is the member's own average repeat purchase.";
        }

        if (fallbacks.HasFlag(ScoreFallbacks.SpendUnknown))
        {
            text += " The current model's expected spend is infinite (Gamma-Gamma q ≤ 1) and there is no repeat purchase to average, so spend per purchase and CLV are shown as 0: unknown, not zero.";
        }

        if (fallbacks.HasFlag(ScoreFallbacks.ClvUnknown))
        {
            text += " The CLV is beyond any amount under the current model, so it is shown as 0: unknown, not zero.";
        }

        return text;
    }
}
