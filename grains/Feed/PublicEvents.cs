using System.Text.Json;
using System.Text.Json.Nodes;
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
            ["lines"] = new JsonArray([.. (earned.Items ?? []).Select(item => (JsonNode)new JsonObject
            {
                ["sku"] = item.Sku, ["category"] = item.Category, ["quantity"] = item.Quantity, ["amount"] = item.Amount,
            })]),
        }),
        PointsRedeemed redeemed => ("points.redeemed", new JsonObject { ["points"] = redeemed.Points, ["reason"] = redeemed.Reason, ["channel"] = redeemed.Channel }),
        PointsAdjusted adjusted => ("points.adjusted", new JsonObject { ["points"] = adjusted.Points, ["reason"] = adjusted.Reason, ["actor"] = adjusted.Actor }),
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
        _ => ("member.changed", new JsonObject()),
    };
}
