using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Personalization;

/// <summary>
/// A member's lifecycle stage from their purchase history and, when available, the BG/NBD churn band.
/// "Silence" below is <see cref="PurchaseHistory.DaysSinceLastPurchase"/>, in calendar days, and every
/// "longer than" is strict. The first rule that matches wins:
/// <list type="number">
/// <item><c>lead</c>: no purchase yet.</item>
/// <item><c>lapsed</c>: silence longer than <see cref="LapsedAfterDays"/>, whatever else is known.</item>
/// <item><c>churn_risk</c>: the model rates the member <see cref="ChurnRisk.High"/>, or a member with
/// 2+ purchase days has been silent longer than <see cref="ChurnRiskMultipleOfInactive"/> × their
/// inactivity threshold: inactive and staying away.</item>
/// <item><c>inactive</c>: silence longer than the inactivity threshold (<see cref="InactiveAfterDays"/>).</item>
/// <item><c>first_purchase</c>: exactly one purchase day.</item>
/// <item><c>repeat</c>: two or more purchase days.</item>
/// </list>
/// Stages therefore escalate with silence: first_purchase or repeat, then inactive, then churn_risk
/// (repeat buyers only, unless the model says so), then lapsed. The model only ever escalates: a Low
/// or Medium band does not pull a silent member back to repeat, because the silence is what members see.
/// </summary>
public static class LifecycleClassifier
{
    public const int LapsedAfterDays = 365;

    /// <summary>Inactivity threshold for members without a typical interval (fewer than three purchase days).</summary>
    public const int DefaultInactiveAfterDays = 90;

    /// <summary>Members with a typical interval are inactive after this many of their own intervals.</summary>
    public const double InactiveAfterTypicalIntervals = 2;

    /// <summary>
    /// Floor of the personal threshold, so a daily shopper is not inactive after a long weekend or a
    /// short trip.
    /// </summary>
    public const int MinimumInactiveAfterDays = 14;

    public const double ChurnRiskMultipleOfInactive = 1.5;

    /// <param name="modelChurnRisk">The member's BG/NBD band scored as of the same moment (e.g.
    /// <see cref="MemberScorer.ClassifyChurnRisk"/> of P(alive)); null when no model is fitted.</param>
    public static LifecycleStage Classify(PurchaseHistory history, ChurnRisk? modelChurnRisk = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.DaysSinceLastPurchase is not { } silence)
        {
            return LifecycleStage.Lead;
        }

        if (silence > LapsedAfterDays)
        {
            return LifecycleStage.Lapsed;
        }

        var inactiveAfter = InactiveAfterDays(history);
        var hasRepeatHistory = history.PurchaseDays.Count >= 2;
        if (modelChurnRisk == ChurnRisk.High || (hasRepeatHistory && silence > ChurnRiskMultipleOfInactive * inactiveAfter))
        {
            return LifecycleStage.ChurnRisk;
        }

        if (silence > inactiveAfter)
        {
            return LifecycleStage.Inactive;
        }

        return hasRepeatHistory ? LifecycleStage.Repeat : LifecycleStage.FirstPurchase;
    }

    /// <summary>
    /// Days of silence after which the member counts as inactive: <see cref="InactiveAfterTypicalIntervals"/>
    /// × their typical interval, at least <see cref="MinimumInactiveAfterDays"/>; <see cref="DefaultInactiveAfterDays"/>
    /// when they have no typical interval yet.
    /// </summary>
    public static double InactiveAfterDays(PurchaseHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.TypicalIntervalDays is { } typical
            ? Math.Max(MinimumInactiveAfterDays, InactiveAfterTypicalIntervals * typical)
            : DefaultInactiveAfterDays;
    }
}
