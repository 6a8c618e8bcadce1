using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Feed;
using OrleansLoyalty.Storage.Feed;

namespace OrleansLoyalty.Grains.Feed;

/// <summary>
/// The public, documented shape of each member event: stable names for integrators, independent of the
/// internal event records (which may be renamed or split). No contact data (e-mail, phone, names) goes
/// out: an integrator who may see it reads the member.
/// </summary>
public static class PublicEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PublicFeedEvent From(FeedEvent feedEvent)
    {
        var (type, data) = Describe(feedEvent.Event);
        return new PublicFeedEvent(feedEvent.Position, feedEvent.MemberId, feedEvent.Version, type, feedEvent.Event.RecordedAt, data.ToJsonString(Json));
    }

    private static (string Type, JsonObject Data) Describe(MemberEvent @event) => @event switch
    {
        MemberEnrolled enrolled => ("member.enrolled", new JsonObject { ["loyaltyNumber"] = enrolled.LoyaltyNumber }),
        PointsEarned earned => ("points.earned", new JsonObject
        {
            ["points"] = earned.Points,
            ["amount"] = earned.Amount,
            ["currency"] = earned.Currency,
            ["discount"] = earned.Discount,
            ["occurredAt"] = earned.OccurredAt,
            ["channel"] = earned.Channel,
            ["storeId"] = earned.StoreId,
            ["pendingUntil"] = earned.PendingUntil,
            ["expiresAt"] = earned.ExpiresAt,
            ["tierAfter"] = earned.TierAfter,
            ["programVersion"] = earned.ProgramVersion,
            ["cashback"] = earned.Cashback.Sum(c => c.Amount),
            ["lines"] = new JsonArray([.. (earned.Items ?? []).Select(item => (JsonNode)new JsonObject
            {
                ["sku"] = item.Sku, ["category"] = item.Category, ["quantity"] = item.Quantity, ["amount"] = item.Amount,
            })]),
        }),
        PointsRedeemed redeemed => ("points.redeemed", new JsonObject { ["points"] = redeemed.Points, ["reason"] = redeemed.Reason, ["channel"] = redeemed.Channel }),
        PointsAdjusted adjusted => ("points.adjusted", new JsonObject { ["points"] = adjusted.Points, ["reason"] = adjusted.Reason, ["actor"] = adjusted.Actor }),
        PointsReturned returned => ("points.returned", new JsonObject
        {
            ["points"] = returned.Points, ["amount"] = returned.Amount, ["originalIdempotencyKey"] = returned.OriginalKey, ["channel"] = returned.Channel,
            ["programVersion"] = returned.ProgramVersion, ["cashback"] = returned.Cashback,
        }),
        PointsReleased released => ("points.released", new JsonObject { ["points"] = released.Lots.Sum(l => l.Points) }),
        PointsExpired expired => ("points.expired", new JsonObject { ["points"] = expired.Lots.Sum(l => l.Points) }),
        TierChanged changed => ("member.tier_changed", new JsonObject
        {
            ["from"] = changed.From, ["to"] = changed.To, ["reason"] = changed.Reason, ["anniversary"] = changed.Anniversary,
            ["qualifyingPoints"] = changed.QualifyingPoints, ["qualifyingSpend"] = changed.QualifyingSpend, ["qualifyingPurchases"] = changed.QualifyingPurchases,
            ["programVersion"] = changed.ProgramVersion,
        }),
        TierKept kept => ("member.tier_kept", new JsonObject
        {
            ["tier"] = kept.Tier, ["anniversary"] = kept.Anniversary, ["qualifyingPoints"] = kept.QualifyingPoints,
            ["qualifyingSpend"] = kept.QualifyingSpend, ["qualifyingPurchases"] = kept.QualifyingPurchases, ["programVersion"] = kept.ProgramVersion,
        }),
        CashbackRedeemed spent => ("cashback.redeemed", new JsonObject
        {
            ["amount"] = spent.Amount, ["currency"] = spent.Currency, ["channel"] = spent.Channel, ["storeId"] = spent.StoreId,
        }),
        MembershipStarted started => ("membership.started", new JsonObject
        {
            ["planId"] = started.PlanId, ["from"] = started.From, ["until"] = started.Until, ["price"] = started.Price, ["currency"] = started.Currency,
            ["renewal"] = started.Renewal, ["programVersion"] = started.ProgramVersion,
        }),
        ChallengeCompleted completed => ("challenge.completed", new JsonObject
        {
            ["challengeId"] = completed.ChallengeId, ["target"] = completed.Target, ["progress"] = completed.Progress, ["points"] = completed.Points,
            ["expiresAt"] = completed.ExpiresAt, ["programVersion"] = completed.ProgramVersion,
        }),
        MembershipLapsed lapsed => ("membership.lapsed", new JsonObject { ["planId"] = lapsed.PlanId, ["until"] = lapsed.Until }),
        OfferActivated activated => ("offer.activated", new JsonObject
        {
            ["offerId"] = activated.Offer.Id, ["title"] = activated.Offer.Title, ["validUntil"] = activated.Offer.ValidUntil,
        }),
        OfferRedeemed redeemed => ("offer.redeemed", new JsonObject { ["offerId"] = redeemed.OfferId }),
        // Which fields changed, and the locale and time zone (which say how to address the member), never names.
        ProfileChanged changed => ("member.profile_changed", new JsonObject
        {
            ["changedFields"] = new JsonArray([.. changed.ChangedFields.Select(field => (JsonNode)field)]),
            ["locale"] = changed.Profile.Locale,
            ["timeZone"] = changed.Profile.TimeZone,
            ["actor"] = changed.Actor,
        }),
        // Identifier values are contact data (e-mail, phone): only the kind goes out.
        IdentifierLinked linked => ("member.identifier_linked", new JsonObject
        {
            ["identifierType"] = linked.Identifier.Type, ["verified"] = linked.Verified, ["source"] = linked.Source,
        }),
        IdentifierUnlinked unlinked => ("member.identifier_unlinked", new JsonObject { ["identifierType"] = unlinked.Identifier.Type, ["source"] = unlinked.Source }),
        MergeClosing closing => ("member.merge_started", new JsonObject { ["mergeId"] = closing.MergeId, ["survivorId"] = closing.SurvivorId }),
        MergeCancelled cancelled => ("member.merge_cancelled", new JsonObject { ["mergeId"] = cancelled.MergeId }),
        MergedAway away => ("member.merged_away", new JsonObject { ["mergeId"] = away.MergeId, ["survivorId"] = away.SurvivorId, ["points"] = away.Points }),
        MergeApplied applied => ("member.merge_applied", new JsonObject
        {
            ["mergeId"] = applied.MergeId, ["absorbedId"] = applied.AbsorbedId, ["points"] = applied.Brought.Points, ["actor"] = applied.Actor,
        }),
        MergeCompleted completed => ("member.merge_completed", new JsonObject { ["mergeId"] = completed.MergeId }),
        MergeUndone undone => ("member.merge_undone", new JsonObject
        {
            ["mergeId"] = undone.MergeId, ["absorbedId"] = undone.AbsorbedId, ["points"] = undone.Points, ["actor"] = undone.Actor,
        }),
        MemberRestored restored => ("member.restored", new JsonObject
        {
            ["mergeId"] = restored.MergeId, ["survivorId"] = restored.SurvivorId, ["points"] = restored.Points, ["actor"] = restored.Actor,
        }),
        _ => ("member.changed", new JsonObject()),
    };
}
