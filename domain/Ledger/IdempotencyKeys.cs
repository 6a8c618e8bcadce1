namespace OrleansLoyalty.Domain.Ledger;

/// <summary>How an idempotency key was used: by which event, at which stream version, for which request.</summary>
public sealed record KeyUse(int Version, string EventType, string Fingerprint);

/// <summary>
/// One key space per member across every event kind (enrolment, ledger commands, offers): a key names one
/// request, whatever kind it was. The event store's unique (member, key) index and the member's in-memory
/// check both take the key from here, so they can never disagree about what a key names.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The key an event was written under and the fingerprint of the request it answers; null for events without one.</summary>
    public static (string Key, string Fingerprint)? Of(MemberEvent @event) => @event switch
    {
        LedgerCommandEvent command => (command.IdempotencyKey, command.Fingerprint),
        MemberEnrolled { IdempotencyKey: { } key } enrolled => (key, enrolled.Fingerprint),
        OfferActivated activated => (activated.IdempotencyKey, OfferActivationFingerprint(activated.Offer.Id)),
        OfferRedeemed redeemed => (redeemed.IdempotencyKey, OfferRedemptionFingerprint(redeemed.OfferId)),
        _ => null,
    };

    public static string? KeyOf(MemberEvent @event) => Of(@event)?.Key;

    public static string OfferActivationFingerprint(string offerId) => CommandFingerprint.Of(OfferActivated.Kind, offerId);

    public static string OfferRedemptionFingerprint(string offerId) => CommandFingerprint.Of(OfferRedeemed.Kind, offerId);
}
