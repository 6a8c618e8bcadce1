using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Personalization;

/// <summary>A member seen at one moment: RFM, lifecycle stage and shopping behaviour, from their own purchases.</summary>
public sealed record MemberOutlook(PurchaseHistory History, RfmScore Rfm, LifecycleStage Stage, BehaviourProfile Profile)
{
    private static readonly RfmScorer Scorer = new(ProgramDefaults.Rfm);

    /// <param name="timeZoneId">The member's IANA time zone: weekdays and hours are theirs, not the server's.</param>
    /// <param name="modelChurnRisk">The BG/NBD band at the same moment, when a model is fitted.</param>
    public static MemberOutlook Of(IEnumerable<PointsEarned> purchases, string? timeZoneId, DateTimeOffset asOf, ChurnRisk? modelChurnRisk)
    {
        var history = PurchaseHistory.Of(purchases.Select(Fact), asOf, MemberTimeZone.FromIanaId(timeZoneId));
        return new MemberOutlook(history, Scorer.Score(history), LifecycleClassifier.Classify(history, modelChurnRisk), BehaviourProfile.Of(history));
    }

    private static PurchaseFact Fact(PointsEarned purchase) => new(
        purchase.OccurredAt,
        purchase.Amount,
        purchase.Discount,
        [.. purchase.Items.Select(item => new PurchaseLine(item.Category, item.Amount))]);
}
