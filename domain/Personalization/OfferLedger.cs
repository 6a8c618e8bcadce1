using System.Collections.Immutable;

namespace OrleansLoyalty.Domain.Personalization;

/// <summary>What an activation or redemption did.</summary>
public enum OfferOutcome
{
    Activated,

    /// <summary>The offer was already activated, under another key; nothing changed.</summary>
    AlreadyActive,

    Redeemed,

    /// <summary>The offer was already used: offers are one-time.</summary>
    AlreadyRedeemed,

    /// <summary>Redemption of an offer the member has not activated.</summary>
    NotActive,

    /// <summary>The moment given is before the offer's <see cref="Offer.ValidFrom"/>.</summary>
    NotYetValid,

    /// <summary>The moment given is at or after the offer's <see cref="Offer.ValidUntil"/>.</summary>
    Expired,

    /// <summary>No offer with this id was issued to the member.</summary>
    Unknown,

    /// <summary>The idempotency key was already used for a different command.</summary>
    KeyConflict,
}

public enum OfferState
{
    Issued,
    Active,
    Redeemed,
}

/// <summary>One issued offer and what the member has done with it.</summary>
public sealed record OfferStatus(
    Offer Offer,
    OfferState State,
    string? ActivationKey = null,
    DateTimeOffset? ActivatedAt = null,
    string? RedemptionKey = null,
    DateTimeOffset? RedeemedAt = null);

/// <param name="Ledger">The ledger after the command: the same instance when nothing changed.</param>
/// <param name="Changed">Whether there is anything new to persist: false for replays and refusals.</param>
public sealed record OfferLedgerResult(OfferLedger Ledger, OfferOutcome Outcome, bool Changed);

/// <summary>
/// A member's issued offers and their activation and redemption, as immutable state: every command
/// returns a new ledger. Commands are idempotent by key: the key of a successful activation or
/// redemption, sent again for the same offer, answers with the same outcome and changes nothing; sent
/// with a different command it is a <see cref="OfferOutcome.KeyConflict"/>. Refusals are not remembered,
/// since nothing happened: a retry with the same key is judged afresh. A key is checked before the
/// offer's validity, so the retry of a redemption made in time still succeeds after expiry.
/// </summary>
public sealed class OfferLedger
{
    private readonly ImmutableSortedDictionary<string, OfferStatus> _offers;
    private readonly ImmutableDictionary<string, KeyUse> _keys;

    /// <summary>Restores a ledger from its statuses, e.g. as persisted from <see cref="Offers"/>.</summary>
    public OfferLedger(IEnumerable<OfferStatus> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        var byId = ImmutableSortedDictionary.CreateBuilder<string, OfferStatus>(StringComparer.Ordinal);
        var keys = ImmutableDictionary.CreateBuilder<string, KeyUse>(StringComparer.Ordinal);
        foreach (var status in offers)
        {
            byId.Add(status.Offer.Id, status);
            if (status.ActivationKey is { } activationKey)
            {
                keys.Add(activationKey, new KeyUse(Command.Activate, status.Offer.Id));
            }

            if (status.RedemptionKey is { } redemptionKey)
            {
                keys.Add(redemptionKey, new KeyUse(Command.Redeem, status.Offer.Id));
            }
        }

        _offers = byId.ToImmutable();
        _keys = keys.ToImmutable();
    }

    private OfferLedger(ImmutableSortedDictionary<string, OfferStatus> offers, ImmutableDictionary<string, KeyUse> keys)
    {
        _offers = offers;
        _keys = keys;
    }

    public static OfferLedger Empty { get; } = new([]);

    private enum Command
    {
        Activate,
        Redeem,
    }

    /// <summary>Every issued offer, ordered by id.</summary>
    public IReadOnlyList<OfferStatus> Offers => [.. _offers.Values];

    public OfferStatus? Find(string offerId) => _offers.GetValueOrDefault(offerId);

    /// <summary>
    /// Adds offers not issued before. An id already issued keeps its first terms and its state, so
    /// re-planning cannot move an activated offer's validity or revive a redeemed one.
    /// </summary>
    public OfferLedger Issue(IEnumerable<Offer> offers)
    {
        ArgumentNullException.ThrowIfNull(offers);
        var updated = _offers;
        foreach (var offer in offers)
        {
            if (!updated.ContainsKey(offer.Id))
            {
                updated = updated.Add(offer.Id, new OfferStatus(offer, OfferState.Issued));
            }
        }

        return updated == _offers ? this : new OfferLedger(updated, _keys);
    }

    /// <param name="at">When the member activates, checked against the offer's validity.</param>
    public OfferLedgerResult Activate(string offerId, string idempotencyKey, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (Replay(Command.Activate, offerId, idempotencyKey, OfferOutcome.Activated) is { } replay)
        {
            return replay;
        }

        if (_offers.GetValueOrDefault(offerId) is not { } status)
        {
            return Unchanged(OfferOutcome.Unknown);
        }

        return status.State switch
        {
            OfferState.Redeemed => Unchanged(OfferOutcome.AlreadyRedeemed),
            OfferState.Active => Unchanged(OfferOutcome.AlreadyActive),
            _ when OutsideValidity(status.Offer, at) is { } refusal => Unchanged(refusal),
            _ => Apply(status with { State = OfferState.Active, ActivationKey = idempotencyKey, ActivatedAt = at }, Command.Activate, idempotencyKey, OfferOutcome.Activated),
        };
    }

    /// <param name="at">When the purchase the offer is used on happened, checked against the offer's validity.</param>
    public OfferLedgerResult Redeem(string offerId, string idempotencyKey, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (Replay(Command.Redeem, offerId, idempotencyKey, OfferOutcome.Redeemed) is { } replay)
        {
            return replay;
        }

        if (_offers.GetValueOrDefault(offerId) is not { } status)
        {
            return Unchanged(OfferOutcome.Unknown);
        }

        return status.State switch
        {
            OfferState.Redeemed => Unchanged(OfferOutcome.AlreadyRedeemed),
            OfferState.Issued => Unchanged(OfferOutcome.NotActive),
            _ when OutsideValidity(status.Offer, at) is { } refusal => Unchanged(refusal),
            _ => Apply(status with { State = OfferState.Redeemed, RedemptionKey = idempotencyKey, RedeemedAt = at }, Command.Redeem, idempotencyKey, OfferOutcome.Redeemed),
        };
    }

    private static OfferOutcome? OutsideValidity(Offer offer, DateTimeOffset at) =>
        at < offer.ValidFrom ? OfferOutcome.NotYetValid
        : at >= offer.ValidUntil ? OfferOutcome.Expired
        : null;

    /// <summary>The answer to a key seen before, or null for a new key.</summary>
    private OfferLedgerResult? Replay(Command command, string offerId, string idempotencyKey, OfferOutcome success) =>
        _keys.GetValueOrDefault(idempotencyKey) switch
        {
            null => null,
            { } use when use == new KeyUse(command, offerId) => Unchanged(success),
            _ => Unchanged(OfferOutcome.KeyConflict),
        };

    /// <summary>An answer that changes nothing: a refusal, or the replay of an earlier success.</summary>
    private OfferLedgerResult Unchanged(OfferOutcome outcome) => new(this, outcome, Changed: false);

    private OfferLedgerResult Apply(OfferStatus status, Command command, string idempotencyKey, OfferOutcome outcome) =>
        new(new OfferLedger(_offers.SetItem(status.Offer.Id, status), _keys.Add(idempotencyKey, new KeyUse(command, status.Offer.Id))), outcome, Changed: true);

    private sealed record KeyUse(Command Command, string OfferId);
}
