using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Domain.Tiers;

namespace OrleansLoyalty.Domain.Ledger;

/// <summary>
/// A member's ledger state as the fold of their event stream, holding only what decisions need: balance,
/// tier, the points that still count for the tier, offers, and the idempotency keys of the retry window.
/// It is only changed by <see cref="Apply"/>, and what it forgets is decided by the events alone, so a
/// fold from a snapshot plus the events after it equals the fold of the whole stream. The statement and
/// the purchase history are read from the stream when asked for (<see cref="LedgerStatement"/>).
/// </summary>
public sealed class MemberAccount
{
    /// <summary>
    /// How long keys are remembered in memory: a retry within it is answered from memory; an older key is
    /// still unique in the store, which the member grain asks when an append meets it (so exactly-once holds
    /// for ever, and memory stays bounded).
    /// </summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromDays(30);

    /// <summary>At most this many keys are remembered, however busy the member (a POS retries within seconds).</summary>
    public const int MaxRememberedKeys = 100;

    /// <summary>
    /// The latest earns are kept one by one; older ones are merged into one per UTC day, so a member with
    /// thousands of purchases a year holds about 400 numbers. Only where the tier window starts inside such
    /// a merged day does qualification count by the day instead of to the second.
    /// </summary>
    public const int MaxSeparateEarns = 200;

    /// <summary>The longest tier window a program may have: earns are kept this long (and a margin), whatever the program.</summary>
    public const int MaxTierWindowDays = 730;

    // Earned points are kept this much longer than the longest tier window, for events recorded a little out of order.
    private static readonly TimeSpan EarnMargin = TimeSpan.FromDays(30);
    private static readonly int DaysKept = MaxTierWindowDays + (int)EarnMargin.TotalDays + 1;

    private readonly Dictionary<string, RememberedKey> keys = new(StringComparer.Ordinal);
    private readonly Queue<string> keysInOrder = new();
    private readonly List<QualifyingEarn> earns = [];
    private readonly HashSet<Identifier> identifiers = [];
    private readonly List<MergeIn> merges = [];
    private readonly PointsLots lots = new();
    private readonly Dictionary<string, PurchaseReturns> returns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> campaignPoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> rewardRedemptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> cashback = new(StringComparer.Ordinal);
    private readonly HashSet<string> completedChallenges = new(StringComparer.Ordinal);

    public static TierPolicy TierPolicy => TierPolicy.Default;

    /// <summary>The number of events applied: the stream version the next append must follow.</summary>
    public int Version { get; private set; }

    public MemberEnrolled? Enrolment { get; private set; }

    public bool IsEnrolled => Enrolment is not null;

    /// <summary>The points the member may redeem now (negative when a return took back points already spent).</summary>
    public long PointsBalance => lots.Balance;

    /// <summary>Points earned but still in their return window.</summary>
    public long PendingPoints => lots.Pending;

    /// <summary>Points a return took back beyond the negative-balance limit, recovered from future earns.</summary>
    public long PointsDebt => lots.Debt;

    public PointsLots Lots => lots;

    /// <summary>What was returned of each purchase (by its idempotency key) that had a return.</summary>
    public IReadOnlyDictionary<string, PurchaseReturns> Returns => returns;

    /// <summary>The points each campaign gave this member (what its per-member limit counts).</summary>
    public IReadOnlyDictionary<string, long> CampaignPoints => campaignPoints;

    /// <summary>How often the member redeemed each catalogue reward (what its per-member limit counts).</summary>
    public IReadOnlyDictionary<string, int> RewardRedemptions => rewardRedemptions;

    /// <summary>The cashback wallet: money by currency (negative when a return took back cashback already spent).</summary>
    public IReadOnlyDictionary<string, decimal> CashbackBalances => cashback;

    public decimal CashbackBalance(string currency) => cashback.GetValueOrDefault(currency);

    /// <summary>The challenges whose reward the member got: each at most once.</summary>
    public IReadOnlySet<string> CompletedChallenges => completedChallenges;

    /// <summary>The paid membership the member holds or held last (until it lapses); see <see cref="HeldMembership.IsActiveAt"/>.</summary>
    public Memberships.HeldMembership? Membership { get; private set; }

    public string Tier { get; private set; } = TierPolicy.BaseTier;

    /// <summary>The tier the last tier change told everyone of: an upgrade not announced yet is a tier other than this one.</summary>
    public string AnnouncedTier { get; private set; } = TierPolicy.BaseTier;

    /// <summary>The anniversary the last tier review was for; null before the first.</summary>
    public DateTimeOffset? LastReviewedAnniversary { get; private set; }

    /// <summary>The statement line of the event applied last; null when it made none (enrolment, offers).</summary>
    public LedgerEntry? LastEntry { get; private set; }

    /// <summary>The personalised offers the member activated or redeemed.</summary>
    public OfferLedger Offers { get; private set; } = OfferLedger.Empty;

    /// <summary>The latest moment any applied event speaks of: what the remembered keys and earns are pruned against.</summary>
    public DateTimeOffset Horizon { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The identifiers the member owns now: what a lookup checks before it serves a card from a hint.</summary>
    public IReadOnlySet<Identifier> Identifiers => identifiers;

    public bool Owns(Identifier identifier) => identifiers.Contains(identifier);

    /// <summary>The merge that is closing this member (no write may reach it until the merge applies or is cancelled).</summary>
    public string? ClosingMerge { get; private set; }

    /// <summary>The member this one was merged into: a tombstone, which forwards every call there.</summary>
    public string? MergedInto { get; private set; }

    /// <summary>The merges into this member not undone, oldest first.</summary>
    public IReadOnlyList<MergeIn> Merges => merges;

    /// <summary>Every member whose stream may hold keys this member must honour: those merged into it, and those they had absorbed.</summary>
    public IEnumerable<string> AbsorbedMembers => merges.SelectMany(m => m.Members).Distinct();

    public IReadOnlyList<QualifyingEarn> QualifyingEarns => earns;

    /// <summary>The keys remembered now, oldest first: what a merge carries to the survivor.</summary>
    public IReadOnlyList<RememberedKeySnapshot> RememberedKeys =>
        [.. keysInOrder.Select(key => new RememberedKeySnapshot(key, keys[key].Use, keys[key].Entry, keys[key].RecordedAt))];

    public LedgerEntry? FindEntry(string idempotencyKey) => keys.GetValueOrDefault(idempotencyKey)?.Entry;

    /// <summary>Which event used <paramref name="idempotencyKey"/>, if it is remembered.</summary>
    public KeyUse? FindKey(string idempotencyKey) => keys.GetValueOrDefault(idempotencyKey)?.Use;

    public long QualifyingPoints(DateTimeOffset asOf) => QualifyingPoints(asOf, TierPolicy.Window);

    /// <summary>Points and spend (net of returns) and purchases within <paramref name="window"/> before <paramref name="asOf"/>.</summary>
    public TierActivity Activity(DateTimeOffset asOf, TimeSpan window) => TierActivity.Of(earns, asOf, window);

    /// <summary>Points earned (net of returns) on purchases within <paramref name="window"/> before <paramref name="asOf"/>.</summary>
    public long QualifyingPoints(DateTimeOffset asOf, TimeSpan window) => Activity(asOf, window).Points;

    public TierStanding Standing(DateTimeOffset asOf) => TierPolicy.Standing(Tier, QualifyingPoints(asOf));

    /// <summary>How a request carrying this key relates to the requests the member made in the retry window, of any kind.</summary>
    public IdempotencyCheck Check(string idempotencyKey, string fingerprint) => keys.GetValueOrDefault(idempotencyKey) switch
    {
        null => IdempotencyCheck.New,
        { } remembered when remembered.Use.Fingerprint == fingerprint => IdempotencyCheck.Replay,
        _ => IdempotencyCheck.Conflict,
    };

    public bool CanRedeem(long points) => points > 0 && points <= PointsBalance;

    /// <summary>
    /// Takes back into memory a key the store holds from before the retry window, with the statement line of
    /// its event, so the request that reuses it is answered as a replay or a conflict like any other.
    /// </summary>
    public void Remember(string idempotencyKey, KeyUse use, LedgerEntry? entry, DateTimeOffset recordedAt)
    {
        if (keys.TryAdd(idempotencyKey, new RememberedKey(use, entry, recordedAt))) keysInOrder.Enqueue(idempotencyKey);
    }

    public void Apply(MemberEvent @event)
    {
        Version++;
        LastEntry = null;
        Horizon = Max(Horizon, @event.RecordedAt);
        switch (@event)
        {
            case MemberEnrolled enrolled:
                Enrolment = enrolled;
                identifiers.UnionWith(enrolled.Identifiers);
                identifiers.Add(new Identifier(IdentifierType.Loyalty, enrolled.LoyaltyNumber));
                break;
            case PointsEarned earned:
                lots.Earn(Version, earned.OccurredAt, earned.PendingUntil, earned.ExpiresAt, earned.Points);
                Horizon = Max(Horizon, earned.OccurredAt);
                earns.Add(new QualifyingEarn(earned.OccurredAt, earned.Points) { Spend = earned.Amount, Purchases = 1 });
                foreach (var (campaign, points) in new EarnResult(earned.Breakdown, []).CampaignPoints) campaignPoints[campaign] = campaignPoints.GetValueOrDefault(campaign) + points;
                // The tier is the program's decision, recorded with the purchase; older events are decided by the shipped tiers,
                // with the new points already in the window, so the tier reflects this very purchase.
                Tier = earned.TierAfter ?? TierPolicy.TierAfterEarning(Tier, QualifyingPoints(Max(earned.RecordedAt, earned.OccurredAt)));
                Record(earned, LedgerEntryType.Earn, earned.Points, earned.OccurredAt,
                    $"purchase {earned.Amount} {earned.Currency} via {earned.Channel}{(earned.StoreId is null ? "" : $" at {earned.StoreId}")}"
                    + (earned.PendingUntil is { } until ? $", pending until {until:yyyy-MM-dd}" : ""),
                    earned.Breakdown.Count > 0 ? earned.Breakdown : [new EarnedBy("base", earned.Points)]);
                MoveCashback(earned.Currency, earned.Cashback.Sum(c => c.Amount));
                if (earned.Cashback.Count > 0) LastEntry = LastEntry! with { CashbackBreakdown = earned.Cashback };
                break;
            case PointsRedeemed redeemed:
                Spend(redeemed.Points);
                lots.Spend(redeemed.Points);
                Record(redeemed, LedgerEntryType.Redeem, -redeemed.Points, redeemed.RecordedAt, $"{redeemed.Reason} via {redeemed.Channel}");
                if (redeemed.RewardId is { } reward)
                {
                    rewardRedemptions[reward] = rewardRedemptions.GetValueOrDefault(reward) + 1;
                    LastEntry = LastEntry! with { RewardCode = redeemed.Code, RewardCodeExpiresAt = redeemed.CodeExpiresAt };
                }
                break;
            case PointsAdjusted adjusted:
                if (adjusted.Points < 0)
                {
                    Spend(-adjusted.Points);
                    lots.Spend(-adjusted.Points);
                }
                // A goodwill credit is available at once and never expires.
                else lots.Earn(Version, adjusted.RecordedAt, null, null, adjusted.Points);
                Record(adjusted, LedgerEntryType.Adjust, adjusted.Points, adjusted.RecordedAt, $"{adjusted.Reason} by {adjusted.Actor}");
                break;
            case PointsReturned returned:
                ApplyReturn(returned);
                if (returned.CashbackCurrency is { } cashbackCurrency) MoveCashback(cashbackCurrency, -returned.Cashback);
                break;
            case CashbackRedeemed spent:
                Record(spent, LedgerEntryType.CashbackRedeem, 0, spent.RecordedAt,
                    $"{spent.Amount} {spent.Currency} cashback spent via {spent.Channel}{(spent.StoreId is null ? "" : $" at {spent.StoreId}")}");
                MoveCashback(spent.Currency, -spent.Amount);
                break;
            case MembershipStarted started:
                Membership = new Memberships.HeldMembership(started.PlanId, started.Renewal && Membership is { } running ? running.From : started.From, started.Until);
                Record(started, LedgerEntryType.Membership, 0, started.RecordedAt,
                    $"{started.PlanName} {(started.Renewal ? "renewed" : "started")} until {started.Until:yyyy-MM-dd}, {started.Price} {started.Currency}");
                break;
            case ChallengeCompleted completed:
                lots.Earn(Version, completed.RecordedAt, null, completed.ExpiresAt, completed.Points);
                completedChallenges.Add(completed.ChallengeId);
                RecordTimed(LedgerEntryType.Challenge, completed.Points, completed.RecordedAt, $"challenge '{completed.ChallengeName}' completed ({completed.Progress} of {completed.Target})");
                break;
            case MembershipLapsed lapsed:
                if (Membership?.Until == lapsed.Until) Membership = null;
                RecordTimed(LedgerEntryType.MembershipLapse, 0, lapsed.RecordedAt, $"membership {lapsed.PlanId} lapsed at {lapsed.Until:yyyy-MM-dd}");
                break;
            case TierChanged changed:
                Tier = AnnouncedTier = changed.To;
                if (changed.Anniversary is { } anniversary) LastReviewedAnniversary = anniversary;
                break;
            case TierKept kept:
                AnnouncedTier = Tier = kept.Tier;
                LastReviewedAnniversary = kept.Anniversary;
                break;
            case PointsReleased released:
                lots.Release(released.Lots);
                RecordTimed(LedgerEntryType.Release, 0, released.RecordedAt, $"{released.Lots.Sum(l => l.Points)} pending points became available");
                break;
            case PointsExpired expired:
                var expiredPoints = expired.Lots.Sum(l => l.Points);
                Spend(expiredPoints);
                lots.Expire(expired.Lots);
                RecordTimed(LedgerEntryType.Expire, -expiredPoints, expired.RecordedAt, $"{expiredPoints} points expired");
                break;
            case OfferActivated activated:
                Offers = Offers.Issue([activated.Offer]).Activate(activated.Offer.Id, activated.IdempotencyKey, activated.RecordedAt).Ledger;
                break;
            case OfferRedeemed redeemed:
                Offers = Offers.Redeem(redeemed.OfferId, redeemed.IdempotencyKey, redeemed.RecordedAt).Ledger;
                break;
            case ProfileChanged changed when Enrolment is not null:
                // Only the name on the POS card is read from here; the profile grain owns the profile.
                Enrolment = Enrolment with { Profile = changed.Profile };
                break;
            case ProfileChanged:
                break;
            case IdentifierLinked linked:
                identifiers.Add(linked.Identifier);
                break;
            case IdentifierUnlinked unlinked:
                identifiers.Remove(unlinked.Identifier);
                break;
            case MergeClosing closing:
                ClosingMerge = closing.MergeId;
                break;
            case MergeCancelled:
                ClosingMerge = null;
                break;
            case MergedAway away:
                ClosingMerge = null;
                MergedInto = away.SurvivorId;
                lots.Clear();
                earns.Clear();
                identifiers.Clear();
                cashback.Clear();
                // The merges into this member are kept: if its own merge is undone, they can be undone after it.
                RecordMerge(away.MergeId, LedgerEntryType.MergeOut, -away.Points, away.RecordedAt, $"merged into member {away.SurvivorId}");
                break;
            case MergeApplied applied:
                ApplyMerge(applied);
                break;
            case MergeCompleted:
                break;
            case MergeUndone undone:
                UndoMerge(undone);
                break;
            case MemberRestored restored:
                MergedInto = null;
                if (restored.Lots is { } back)
                {
                    for (var i = 0; i < back.Count; i++) lots.Earn(BroughtLotId(Version, i), back[i].EarnedAt, back[i].PendingUntil, back[i].ExpiresAt, back[i].Remaining, back[i].Origin);
                }
                else lots.Earn(Version, restored.RecordedAt, null, null, restored.Points);
                earns.Clear();
                earns.AddRange(restored.Earns);
                identifiers.UnionWith(restored.Identifiers.Select(l => l.Identifier));
                // What came back is what was unspent: spending (own points first) took the rest from what earlier merges brought.
                var spentFromMerges = merges.Sum(m => m.UnspentPoints) - PointsBalance;
                if (spentFromMerges > 0) Spend(spentFromMerges);
                RecordMerge(restored.MergeId, LedgerEntryType.UnmergeIn, restored.Points, restored.RecordedAt, $"merge into member {restored.SurvivorId} undone by {restored.Actor}");
                break;
            default:
                throw new InvalidOperationException($"No rule applies event {@event.GetType().Name}.");
        }
        // The first use of a key names it: streams written before keys were one space may hold a later duplicate.
        if (IdempotencyKeys.Of(@event) is var (key, fingerprint) && !keys.ContainsKey(key))
        {
            keys[key] = new RememberedKey(new KeyUse(Version, @event.EventType, fingerprint), LastEntry, @event.RecordedAt);
            keysInOrder.Enqueue(key);
        }
        Forget();
    }

    /// <summary>
    /// The survivor takes the absorbed member's points, qualifying earns (each keeping the member it was first earned
    /// by), remembered keys and identifiers. Its tier is the highest of the tier either held and the tier the summed
    /// qualifying points reach: a merge never costs a customer a tier they held.
    /// </summary>
    private void ApplyMerge(MergeApplied applied)
    {
        var brought = applied.Brought;
        merges.Add(new MergeIn(applied.MergeId, applied.AbsorbedId, [applied.AbsorbedId, .. brought.AbsorbedMembers], brought.Points, Tier, Version));
        if (brought.Lots is { } broughtLots)
        {
            // Brought lots get ids of their own (negative, from this event's version), so a release or expiry names one lot only.
            for (var i = 0; i < broughtLots.Count; i++)
            {
                var lot = broughtLots[i];
                lots.Earn(BroughtLotId(Version, i), lot.EarnedAt, lot.PendingUntil, lot.ExpiresAt, lot.Remaining, lot.Origin ?? applied.AbsorbedId);
            }
            lots.AddOwed(brought.PointsBelowZero, brought.PointsDebt);
        }
        else lots.Earn(Version, applied.RecordedAt, null, null, brought.Points, applied.AbsorbedId);
        earns.AddRange(brought.Earns.Select(e => e with { Origin = e.Origin ?? applied.AbsorbedId }));
        foreach (var key in brought.Keys) Remember(key.Key, key.Use, key.Entry, key.RecordedAt);
        identifiers.UnionWith(brought.Identifiers.Select(l => l.Identifier));
        // The program's decision, recorded with the merge; older merges are decided by the shipped tiers.
        var higherHeld = TierPolicy.IsHigher(brought.Tier, Tier) ? brought.Tier : Tier;
        Tier = applied.TierAfter ?? TierPolicy.TierAfterEarning(higherHeld, QualifyingPoints(Max(Horizon, applied.RecordedAt)));
        RecordMerge(applied.MergeId, LedgerEntryType.MergeIn, brought.Points, applied.RecordedAt, $"member {applied.AbsorbedId} merged in ({applied.Reason}) by {applied.Actor}");
        foreach (var (currency, amount) in brought.Cashback) MoveCashback(currency, amount);
    }

    /// <summary>The survivor gives back what the undone merge brought and is unspent, and the earns first earned by the members it brought.</summary>
    private void UndoMerge(MergeUndone undone)
    {
        var merge = merges.Find(m => m.MergeId == undone.MergeId);
        if (merge is not null)
        {
            merges.Remove(merge);
            earns.RemoveAll(e => e.Origin is { } origin && merge.Members.Contains(origin));
        }
        lots.Withdraw(undone.Points, merge?.Members ?? []);
        identifiers.ExceptWith(undone.Identifiers);
        // The tier the survivor held before the merge, or what its own points reach now, if higher.
        Tier = undone.TierAfter ?? TierPolicy.TierAfterEarning(merge?.TierBefore ?? Tier, QualifyingPoints(Max(Horizon, undone.RecordedAt)));
        RecordMerge(undone.MergeId, LedgerEntryType.UnmergeOut, -undone.Points, undone.RecordedAt, $"merge of member {undone.AbsorbedId} undone by {undone.Actor}");
    }

    /// <summary>
    /// Spending draws on the member's own points first and then on what merges brought (oldest merge first), so an
    /// undone merge gives back as much of the absorbed member's points as is left.
    /// </summary>
    private void Spend(long points)
    {
        var own = PointsBalance - merges.Sum(m => m.UnspentPoints);
        var fromMerges = points - Math.Max(0, own);
        for (var i = 0; i < merges.Count && fromMerges > 0; i++)
        {
            var taken = Math.Min(merges[i].UnspentPoints, fromMerges);
            merges[i] = merges[i] with { UnspentPoints = merges[i].UnspentPoints - taken };
            fromMerges -= taken;
        }
    }

    /// <summary>Moves the cashback wallet and notes the change on the event's line (a purchase, a return, a redemption).</summary>
    private void MoveCashback(string currency, decimal change)
    {
        if (change == 0) return;
        cashback[currency] = cashback.GetValueOrDefault(currency) + change;
        if (LastEntry is not null) LastEntry = LastEntry with { Cashback = change, CashbackCurrency = currency, CashbackAfter = cashback[currency] };
    }

    private void RecordMerge(string mergeId, string type, long points, DateTimeOffset at, string description) =>
        LastEntry = new LedgerEntry(Version, type, points, PointsBalance, Tier, at, at, MergeKey(mergeId), "", description) { PendingAfter = PendingPoints };

    /// <summary>A line of timed work (release, expiry): no key, as no request made it.</summary>
    private void RecordTimed(string type, long points, DateTimeOffset at, string description) =>
        LastEntry = new LedgerEntry(Version, type, points, PointsBalance, Tier, at, at, "", "", description) { PendingAfter = PendingPoints };

    /// <summary>
    /// A return takes back the points the event decided, from the purchase's own lot first, and reduces the qualifying points
    /// at the purchase's time; the tier is not lowered here (downgrades belong to the anniversary review).
    /// </summary>
    private void ApplyReturn(PointsReturned returned)
    {
        var covered = lots.Reverse(returned.Points, returned.OriginalVersion, returned.NegativeBalanceLimit);
        // What came out of available points counts as spent for a merge's accounting, like a redemption.
        Spend(covered.FromAvailable);
        earns.Add(new QualifyingEarn(returned.OriginalOccurredAt, -returned.Points) { Spend = -returned.Amount });
        var before = returns.GetValueOrDefault(returned.OriginalKey) ?? PurchaseReturns.None;
        returns[returned.OriginalKey] = before.With(returned);
        Record(returned, LedgerEntryType.Return, -returned.Points, returned.RecordedAt,
            $"return of {returned.Amount} from purchase {returned.OriginalKey} via {returned.Channel}" + (covered.ToDebt > 0 ? $", {covered.ToDebt} points recorded as debt" : ""));
    }

    /// <summary>The id of the <paramref name="index"/>th lot a merge at <paramref name="version"/> brought.</summary>
    public static long BroughtLotId(int version, int index) => -(((long)version << 24) | (uint)index);

    /// <summary>What a merge's statement lines show in place of an idempotency key.</summary>
    public static string MergeKey(string mergeId) => $"merge:{mergeId}";

    /// <summary>The state to store as a snapshot; <see cref="FromSnapshot"/> restores exactly this account.</summary>
    public MemberAccountSnapshot ToSnapshot() => new(
        MemberAccountSnapshot.CurrentSchema, Version, Enrolment, PointsBalance, Tier, LastEntry, Horizon,
        [.. Offers.Offers],
        [.. keysInOrder.Select(key => new RememberedKeySnapshot(key, keys[key].Use, keys[key].Entry, keys[key].RecordedAt))],
        [.. earns])
    {
        Identifiers = [.. identifiers],
        ClosingMerge = ClosingMerge,
        MergedInto = MergedInto,
        Merges = [.. merges],
        Lots = [.. lots.All],
        PointsBelowZero = lots.BelowZero,
        PointsDebt = lots.Debt,
        AnnouncedTier = AnnouncedTier,
        LastReviewedAnniversary = LastReviewedAnniversary,
        Returns = returns.ToDictionary(),
        CampaignPoints = campaignPoints.ToDictionary(),
        RewardRedemptions = rewardRedemptions.ToDictionary(),
        Cashback = cashback.ToDictionary(),
        Membership = Membership,
        CompletedChallenges = [.. completedChallenges.Order(StringComparer.Ordinal)],
    };

    public static MemberAccount FromSnapshot(MemberAccountSnapshot snapshot)
    {
        var account = new MemberAccount
        {
            Version = snapshot.Version,
            Enrolment = snapshot.Enrolment,
            Tier = snapshot.Tier,
            AnnouncedTier = snapshot.AnnouncedTier ?? snapshot.Tier,
            LastReviewedAnniversary = snapshot.LastReviewedAnniversary,
            LastEntry = snapshot.LastEntry,
            Horizon = snapshot.Horizon,
            Offers = new OfferLedger(snapshot.Offers),
            ClosingMerge = snapshot.ClosingMerge,
            MergedInto = snapshot.MergedInto,
            Membership = snapshot.Membership,
        };
        account.identifiers.UnionWith(snapshot.Identifiers);
        account.lots.Restore(snapshot.Lots, snapshot.PointsBelowZero, snapshot.PointsDebt);
        foreach (var (key, value) in snapshot.Returns) account.returns[key] = value;
        foreach (var (key, value) in snapshot.CampaignPoints) account.campaignPoints[key] = value;
        foreach (var (key, value) in snapshot.RewardRedemptions) account.rewardRedemptions[key] = value;
        foreach (var (key, value) in snapshot.Cashback) account.cashback[key] = value;
        account.completedChallenges.UnionWith(snapshot.CompletedChallenges);
        account.merges.AddRange(snapshot.Merges);
        foreach (var remembered in snapshot.Keys)
        {
            account.keys[remembered.Key] = new RememberedKey(remembered.Use, remembered.Entry, remembered.RecordedAt);
            account.keysInOrder.Enqueue(remembered.Key);
        }
        account.earns.AddRange(snapshot.Earns);
        return account;
    }

    private void Record(LedgerCommandEvent @event, string type, long points, DateTimeOffset occurredAt, string description, IReadOnlyList<EarnedBy>? breakdown = null) =>
        LastEntry = new LedgerEntry(Version, type, points, PointsBalance, Tier, occurredAt, @event.RecordedAt, @event.IdempotencyKey, @event.Fingerprint, description)
        {
            PendingAfter = PendingPoints,
            ProgramVersion = @event.ProgramVersion,
            Breakdown = breakdown ?? [],
        };

    /// <summary>Drops keys past the retry window (or beyond the cap) and earns past the tier window, judged by the events' own times.</summary>
    private void Forget()
    {
        var keysBefore = Horizon - RetryWindow;
        while (keysInOrder.TryPeek(out var oldest)
            && (keysInOrder.Count > MaxRememberedKeys || keys[oldest].RecordedAt < keysBefore))
        {
            keys.Remove(keysInOrder.Dequeue());
        }
        var earnsBefore = Horizon - TimeSpan.FromDays(MaxTierWindowDays) - EarnMargin;
        earns.RemoveAll(e => e.OccurredAt <= earnsBefore);
        // Merged days are at most the window plus the margin (396); merging at twice the separate earns beyond
        // that runs once in a few hundred events, and is decided by the list alone (a snapshot needs no counter).
        if (earns.Count > DaysKept + 2 * MaxSeparateEarns) MergeOldestEarns();
    }

    /// <summary>Merges all but the latest <see cref="MaxSeparateEarns"/> earns (by when they happened) into one per UTC day, dated at the day's end.</summary>
    private void MergeOldestEarns()
    {
        var byTime = earns.OrderBy(e => e.OccurredAt).ToList();
        var older = byTime.Count - MaxSeparateEarns;
        var merged = byTime.Take(older)
            .GroupBy(e => (e.OccurredAt.UtcDateTime.Date, e.Origin))
            .Select(day => new QualifyingEarn(new DateTimeOffset(day.Key.Date.AddDays(1).AddTicks(-1), TimeSpan.Zero), day.Sum(e => e.Points), day.Key.Origin)
            {
                Spend = day.Sum(e => e.Spend),
                Purchases = day.Sum(e => e.Purchases),
            });
        earns.Clear();
        earns.AddRange(merged);
        earns.AddRange(byTime.Skip(older));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>A remembered key: which event used it, when, and for a ledger command the line it answered with.</summary>
internal sealed record RememberedKey(KeyUse Use, LedgerEntry? Entry, DateTimeOffset RecordedAt);

/// <summary>
/// Points earned on a purchase that happened at <see cref="OccurredAt"/>: what tier qualification sums. <see cref="Origin"/>
/// names the member that earned them when they came with a merge (null: this member's own).
/// </summary>
public readonly record struct QualifyingEarn(DateTimeOffset OccurredAt, long Points, string? Origin = null)
{
    /// <summary>The money paid (negative for a return's refund), what spend-based tiers sum.</summary>
    public decimal Spend { get; init; }

    /// <summary>1 for a purchase, 0 for a return: a return takes back points and spend, not the visit.</summary>
    public int Purchases { get; init; }
}

/// <summary>A merge into the member: who it brought (the absorbed member and those it had absorbed) and what of its points is unspent.</summary>
public sealed record MergeIn(string MergeId, string AbsorbedId, IReadOnlyList<string> Members, long UnspentPoints, string TierBefore, int Version);

public enum IdempotencyCheck
{
    /// <summary>The key is unused (or not remembered: the store has the final word).</summary>
    New,

    /// <summary>The same command was applied before: answer with its original result.</summary>
    Replay,

    /// <summary>The key was used for a different command: refuse.</summary>
    Conflict,
}
