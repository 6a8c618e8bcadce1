using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Personalization;

/// <summary>A member seen at one moment: RFM, lifecycle stage and shopping behaviour, from their own purchases.</summary>
public sealed class MemberOutlook
{
    private static readonly RfmScorer Scorer = new(ProgramDefaults.Rfm);
    private BehaviourProfile? profile;

    private readonly IReadOnlyList<CategoryBrowsing>? browsing;

    private MemberOutlook(PurchaseHistory history, ChurnRisk? modelChurnRisk, IReadOnlyList<CategoryBrowsing>? browsing)
    {
        History = history;
        this.browsing = browsing;
        Rfm = Scorer.Score(history);
        Stage = LifecycleClassifier.Classify(history, modelChurnRisk);
    }

    public PurchaseHistory History { get; }

    public RfmScore Rfm { get; }

    public LifecycleStage Stage { get; }

    /// <summary>Built on first use: scoring and segmenting on every purchase don't need it, offers do.</summary>
    public BehaviourProfile Profile => profile ??= BehaviourProfile.Of(History, browsing);

    /// <param name="timeZoneId">The member's IANA time zone: weekdays and hours are theirs, not the server's.</param>
    /// <param name="modelChurnRisk">The BG/NBD band at the same moment, when a model is fitted.</param>
    /// <param name="browsing">What the member looked at, for favourite categories; RFM and stage do not read it.</param>
    public static MemberOutlook Of(
        IEnumerable<PointsEarned> purchases, string? timeZoneId, DateTimeOffset asOf, ChurnRisk? modelChurnRisk, IReadOnlyList<CategoryBrowsing>? browsing = null) =>
        new(PurchaseHistory.Of(purchases.Select(Fact), asOf, MemberTimeZone.FromIanaId(timeZoneId)), modelChurnRisk, browsing);

    /// <summary>
    /// A stored purchase as personalisation reads it. Stored facts are read through <see cref="Money.Stored"/>,
    /// so one that an older, looser rule admitted (a negative zero discount, say) still folds instead of
    /// making the member unreadable.
    /// </summary>
    private static PurchaseFact Fact(PointsEarned purchase) => new(
        purchase.OccurredAt,
        Money.Stored(purchase.Amount),
        Money.Stored(purchase.Discount),
        [.. (purchase.Items ?? []).Select(item => new PurchaseLine(item.Category, Money.Stored(item.Amount)))]);
}
