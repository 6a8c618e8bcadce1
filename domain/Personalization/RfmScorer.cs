using System.Globalization;

namespace OrleansLoyalty.Domain.Personalization;

/// <summary>A member's RFM scores (1 worst to 5 best) and the raw values they were scored from.</summary>
/// <param name="DaysSinceLastPurchase">Null for a member who never bought, who scores R1.</param>
public readonly record struct RfmScore(
    int RecencyScore,
    int FrequencyScore,
    int MonetaryScore,
    int? DaysSinceLastPurchase,
    int PurchaseDaysInWindow,
    decimal SpendInWindow)
{
    /// <summary>The segment cell, e.g. "R5F3M2": the key segment counts are kept under.</summary>
    public string Cell => string.Create(CultureInfo.InvariantCulture, $"R{RecencyScore}F{FrequencyScore}M{MonetaryScore}");
}

/// <summary>Scores one member against fixed thresholds; needs nothing about other members.</summary>
public sealed class RfmScorer
{
    private readonly RfmThresholds _thresholds;

    public RfmScorer(RfmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholds.WindowDays, 1);
        if (!thresholds.RecencyWithinDays.Descending || thresholds.RecencyWithinDays.Score5 < 0)
        {
            throw new ArgumentException("Recency cut-offs must shrink from score 2 to score 5 and be ≥ 0 days.", nameof(thresholds));
        }

        if (!thresholds.FrequencyAtLeastDays.Ascending || thresholds.FrequencyAtLeastDays.Score2 < 1)
        {
            throw new ArgumentException("Frequency cut-offs must grow from score 2 to score 5 and start at ≥ 1 day.", nameof(thresholds));
        }

        if (!thresholds.MonetaryAtLeast.Ascending || thresholds.MonetaryAtLeast.Score2 <= 0)
        {
            throw new ArgumentException("Monetary cut-offs must grow from score 2 to score 5 and start above 0.", nameof(thresholds));
        }

        _thresholds = thresholds;
    }

    /// <summary>
    /// Recency is days since the last purchase ever; frequency counts distinct purchase days and monetary
    /// sums what was paid, both over the window of <see cref="RfmThresholds.WindowDays"/> calendar days ending today.
    /// </summary>
    public RfmScore Score(PurchaseHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var firstDayInWindow = history.Today.AddDays(1 - _thresholds.WindowDays);
        var purchaseDays = history.PurchaseDays.Count(day => day >= firstDayInWindow);
        var spend = history.Purchases.Where(purchase => history.LocalDay(purchase) >= firstDayInWindow).Sum(purchase => purchase.Amount);
        var daysSinceLastPurchase = history.DaysSinceLastPurchase;
        return new RfmScore(
            daysSinceLastPurchase is { } days ? _thresholds.RecencyWithinDays.ScoreAtMost(days) : 1,
            _thresholds.FrequencyAtLeastDays.ScoreAtLeast(purchaseDays),
            _thresholds.MonetaryAtLeast.ScoreAtLeast(spend),
            daysSinceLastPurchase,
            purchaseDays,
            spend);
    }
}
