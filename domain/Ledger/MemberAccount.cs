using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Domain.Tiers;

namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// A member's state as the fold of their event stream. It is only changed by <see cref="Apply"/>,
/// so replaying the stored events after a restart rebuilds exactly what was acknowledged.
/// </summary>
public sealed class MemberAccount
{
    private readonly List<LedgerEntry> entries = [];
    private readonly Dictionary<string, LedgerEntry> entriesByKey = new(StringComparer.Ordinal);
    private readonly List<PointsEarned> purchases = [];
    private readonly Dictionary<string, KeyUse> keys = new(StringComparer.Ordinal);

    public static TierPolicy TierPolicy => TierPolicy.Default;

    /// <summary>The number of events applied: the stream version the next append must follow.</summary>
    public int Version { get; private set; }

    public MemberEnrolled? Enrolment { get; private set; }

    public bool IsEnrolled => Enrolment is not null;

    public long PointsBalance { get; private set; }

    public string Tier { get; private set; } = TierPolicy.BaseTier;

    /// <summary>The statement, oldest first.</summary>
    public IReadOnlyList<LedgerEntry> Entries => entries;

    /// <summary>The personalised offers the member activated or redeemed.</summary>
    public OfferLedger Offers { get; private set; } = OfferLedger.Empty;

    /// <summary>Every purchase, in the order recorded (not necessarily the order they happened).</summary>
    public IReadOnlyList<PointsEarned> Purchases => purchases;

    public LedgerEntry? FindEntry(string idempotencyKey) => entriesByKey.GetValueOrDefault(idempotencyKey);

    public long QualifyingPoints(DateTimeOffset asOf) => TierPolicy.QualifyingPoints(entries, asOf);

    public TierStanding Standing(DateTimeOffset asOf) => TierPolicy.Standing(Tier, QualifyingPoints(asOf));

    /// <summary>How a request carrying this key relates to every request the member's stream already holds, of any kind.</summary>
    public IdempotencyCheck Check(string idempotencyKey, string fingerprint) => keys.GetValueOrDefault(idempotencyKey) switch
    {
        null => IdempotencyCheck.New,
        { } use when use.Fingerprint == fingerprint => IdempotencyCheck.Replay,
        _ => IdempotencyCheck.Conflict,
    };

    /// <summary>Which event used <paramref name="idempotencyKey"/>, if any.</summary>
    public KeyUse? FindKey(string idempotencyKey) => keys.GetValueOrDefault(idempotencyKey);

    public bool CanRedeem(long points) => points > 0 && points <= PointsBalance;

    public void Apply(MemberEvent @event)
    {
        Version++;
        // The first use of a key names it: streams written before keys were one space may hold a later duplicate.
        if (IdempotencyKeys.Of(@event) is var (key, fingerprint)) keys.TryAdd(key, new KeyUse(Version, @event.EventType, fingerprint));
        switch (@event)
        {
            case MemberEnrolled enrolled:
                Enrolment = enrolled;
                break;
            case PointsEarned earned:
                PointsBalance += earned.Points;
                purchases.Add(earned);
                Record(earned, LedgerEntryType.Earn, earned.Points, earned.OccurredAt, $"purchase {earned.Amount} {earned.Currency} via {earned.Channel}{(earned.StoreId is null ? "" : $" at {earned.StoreId}")}");
                // The new entry is already in the window, so the tier reflects this very purchase.
                Tier = TierPolicy.TierAfterEarning(Tier, QualifyingPoints(earned.RecordedAt > earned.OccurredAt ? earned.RecordedAt : earned.OccurredAt));
                ReplaceLastEntryTier();
                break;
            case PointsRedeemed redeemed:
                PointsBalance -= redeemed.Points;
                Record(redeemed, LedgerEntryType.Redeem, -redeemed.Points, redeemed.RecordedAt, $"{redeemed.Reason} via {redeemed.Channel}");
                break;
            case PointsAdjusted adjusted:
                PointsBalance += adjusted.Points;
                Record(adjusted, LedgerEntryType.Adjust, adjusted.Points, adjusted.RecordedAt, $"{adjusted.Reason} by {adjusted.Actor}");
                break;
            case OfferActivated activated:
                Offers = Offers.Issue([activated.Offer]).Activate(activated.Offer.Id, activated.IdempotencyKey, activated.RecordedAt).Ledger;
                break;
            case OfferRedeemed redeemed:
                Offers = Offers.Redeem(redeemed.OfferId, redeemed.IdempotencyKey, redeemed.RecordedAt).Ledger;
                break;
            default:
                throw new InvalidOperationException($"No rule applies event {@event.GetType().Name}.");
        }
    }

    private void Record(LedgerCommandEvent @event, string type, long points, DateTimeOffset occurredAt, string description)
    {
        var entry = new LedgerEntry(Version, type, points, PointsBalance, Tier, occurredAt, @event.RecordedAt, @event.IdempotencyKey, @event.Fingerprint, description);
        entries.Add(entry);
        entriesByKey[entry.IdempotencyKey] = entry;
    }

    private void ReplaceLastEntryTier()
    {
        var last = entries[^1];
        if (last.TierAfter == Tier) return;
        var updated = last with { TierAfter = Tier };
        entries[^1] = updated;
        entriesByKey[updated.IdempotencyKey] = updated;
    }
}

public enum IdempotencyCheck
{
    /// <summary>The key is unused: apply the command.</summary>
    New,

    /// <summary>The same command was applied before: answer with its original result.</summary>
    Replay,

    /// <summary>The key was used for a different command: refuse.</summary>
    Conflict,
}
