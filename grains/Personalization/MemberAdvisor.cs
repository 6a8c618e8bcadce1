using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.Grains.Prediction;

namespace OrleansLoyalty.Grains.Personalization;

/// <summary>
/// Everything the member grain says about a member's future and behaviour, computed from the account, its purchases,
/// its browsing and the current model by the domain classes; the grain only decides when to ask.
/// </summary>
/// <param name="browsing">What the member looked at, per category: only favourite categories (behaviour, offers) read it,
/// so scores and segments may be asked for without it.</param>
internal sealed class MemberAdvisor(MemberAccount account, IReadOnlyList<PointsEarned> purchases, ScoringModel? model, IReadOnlyList<CategoryBrowsing>? browsing = null)
{
    private static readonly OfferPlanner Planner = new(ProgramDefaults.OfferBudget);

    private string? TimeZone => account.Enrolment?.Profile.TimeZone;

    /// <summary>Scores, stage and RFM at the end of <paramref name="asOf"/> (or <paramref name="now"/> for today); needs a model.</summary>
    public MemberInsights Insights(DateOnly asOf, DateTimeOffset now)
    {
        var scoringModel = model ?? throw new InvalidOperationException("Insights need a fitted model.");
        var moment = asOf == DateOnly.FromDateTime(now.UtcDateTime) ? now : new DateTimeOffset(asOf.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        var rhythm = MemberPurchaseHistory.RhythmAsOf(purchases, asOf);
        MemberScore? score = rhythm is null ? null : scoringModel.Scorer.Score(rhythm.Summary);
        var outlook = MemberOutlook.Of(purchases, TimeZone, moment, score?.ChurnRisk);
        var rfm = Rfm(outlook);
        if (rhythm is null || score is not { } s)
        {
            return new MemberInsights(asOf, scoringModel.Model.Version, null, null, null, null, null, null, null, null,
                $"No purchases on or before {asOf:yyyy-MM-dd}: nothing to predict yet.", outlook.Stage.Code(), rfm);
        }
        return new MemberInsights(
            asOf, scoringModel.Model.Version, s.ProbabilityAlive, s.ExpectedPurchasesNext90Days, s.ExpectedSpendPerPurchase, s.PredictedClv,
            s.ChurnRisk.ToString().ToLowerInvariant(), rhythm.Summary.Frequency, rhythm.Summary.RecencyWeeks, rhythm.Summary.AgeWeeks,
            MemberPurchaseHistory.Explain(rhythm, s), outlook.Stage.Code(), rfm);
    }

    public BehaviourView Behaviour(DateTimeOffset now)
    {
        var outlook = Outlook(now);
        var profile = outlook.Profile;
        return new BehaviourView(
            [.. profile.FavouriteCategories.Select(c => new CategoryShareView(c.Category, c.Spend, c.Share, c.Views, c.AddsToCart, c.BrowseShare))],
            profile.PreferredWeekday?.Weekday.ToString(),
            profile.PreferredWeekday?.Share,
            profile.PreferredHour?.Hour,
            profile.PreferredHour?.Share,
            profile.TypicalIntervalDays,
            profile.PriceSensitivity,
            outlook.Stage.Code(),
            Rfm(outlook));
    }

    /// <summary>The member's place in the segment index now.</summary>
    public (string Stage, string RfmCell) Segment(DateTimeOffset now)
    {
        var outlook = Outlook(now);
        return (outlook.Stage.Code(), outlook.Rfm.Cell);
    }

    /// <summary>The offers this member would be shown now: planned from behaviour, sized by predicted CLV.</summary>
    public IReadOnlyList<Offer> PlanOffers(DateTimeOffset now)
    {
        var score = ScoreAt(now);
        var outlook = Outlook(now, score);
        return Planner.Plan(outlook.Profile, outlook.Stage, score is { } s ? (decimal)s.PredictedClv : null, now);
    }

    /// <summary>Planned offers with what the member did with them, plus activated offers no longer planned but still valid.</summary>
    public IReadOnlyList<OfferView> Offers(DateTimeOffset now)
    {
        var planned = PlanOffers(now);
        var ledger = account.Offers.Issue(planned);
        var plannedIds = planned.Select(o => o.Id).ToHashSet();
        return [.. ledger.Offers
            .Where(o => plannedIds.Contains(o.Offer.Id) || (o.State == OfferState.Active && o.Offer.ValidUntil > now))
            .Select(o => View(o.Offer, o.State))];
    }

    public static OfferView View(Offer offer, OfferState state) => new(
        offer.Id, Kebab(offer.Kind.ToString()), offer.Title, offer.Value, offer.ValidFrom, offer.ValidUntil, offer.Reasons,
        offer.Category, offer.Weekday?.ToString(), Kebab(state.ToString()));

    public static OfferCommandOutcome Outcome(OfferOutcome outcome) => outcome switch
    {
        OfferOutcome.Activated => OfferCommandOutcome.Activated,
        OfferOutcome.AlreadyActive => OfferCommandOutcome.AlreadyActive,
        OfferOutcome.Redeemed => OfferCommandOutcome.Redeemed,
        OfferOutcome.AlreadyRedeemed => OfferCommandOutcome.AlreadyRedeemed,
        OfferOutcome.NotActive => OfferCommandOutcome.NotActive,
        OfferOutcome.NotYetValid => OfferCommandOutcome.NotYetValid,
        OfferOutcome.Expired => OfferCommandOutcome.Expired,
        OfferOutcome.Unknown => OfferCommandOutcome.UnknownOffer,
        OfferOutcome.KeyConflict => OfferCommandOutcome.KeyConflict,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown offer outcome."),
    };

    private static RfmView Rfm(MemberOutlook outlook) => new(outlook.Rfm.RecencyScore, outlook.Rfm.FrequencyScore, outlook.Rfm.MonetaryScore,
        outlook.Rfm.Cell, outlook.Rfm.DaysSinceLastPurchase, outlook.Rfm.PurchaseDaysInWindow, outlook.Rfm.SpendInWindow);

    private MemberOutlook Outlook(DateTimeOffset now) => Outlook(now, ScoreAt(now));

    private MemberOutlook Outlook(DateTimeOffset now, MemberScore? score) =>
        MemberOutlook.Of(purchases, TimeZone, now, score?.ChurnRisk, browsing);

    /// <summary>The model's score of the member today; null without a model or without purchases.</summary>
    private MemberScore? ScoreAt(DateTimeOffset now) =>
        model is not null && MemberPurchaseHistory.RhythmAsOf(purchases, DateOnly.FromDateTime(now.UtcDateTime)) is { } rhythm
            ? model.Scorer.Score(rhythm.Summary)
            : null;

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
