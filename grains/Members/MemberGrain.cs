using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.GrainInterfaces.Tiers;
using OrleansLoyalty.Grains.Personalization;
using OrleansLoyalty.Grains.Prediction;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.Storage.Ledger;
using OrleansLoyalty.Storage.Personalization;
using OrleansLoyalty.Storage.Scheduling;

namespace OrleansLoyalty.Grains.Members;

/// <summary>
/// A member's points ledger as an event-sourced grain over the member's PostgreSQL stream. Every write is a compare-and-append at
/// the version this activation last read, so a second activation, or any other writer, makes it re-read
/// and decide again instead of forking the ledger or overdrawing the balance.
/// </summary>
/// <remarks>
/// The grain runs its own write loop rather than Orleans' JournaledGrain: that adaptor retries a failed
/// write without end and keeps re-reading until the version moves, so one append that can never succeed
/// (a reused key, data the store refuses) wedged the member. Here every outcome is answered: a lost race
/// re-reads and decides again a bounded number of times, a refusal is answered at once, and an unknown
/// outcome is answered "retry" and re-read before the next decision.
/// </remarks>
public sealed class MemberGrain(
    MemberEventStore store, GroupCommitWriter groupCommit, CurrentClvModel clvModel, SegmentStore segments, BehaviourStore behaviour,
    TimeProvider time, ILogger<MemberGrain> logger)
    : Grain, IMemberGrain
{
    // Each retry follows a re-read after a lost race; more than a handful means writers keep colliding.
    private const int MaxWriteAttempts = 5;

    /// <summary>A snapshot is written (off the request path) once this many events follow the last one.</summary>
    public const int SnapshotEvery = 100;

    // Derived work (scores, snapshots) that fails is retried off the request path, this many times, backing off.
    private const int MaxDerivedWorkRetries = 5;

    private MemberAccount account = new();

    /// <summary>Whether the stream must be read before the next decision: at activation, and after any write whose outcome is not known here.</summary>
    private bool mustRead = true;

    /// <summary>The scores after the latest purchase (derived, so not persisted): what the insights read.</summary>
    private MemberInsights? latestScores;

    /// <summary>The member's purchases for personalisation, read from the stream when first needed and kept current after.</summary>
    private List<PointsEarned>? purchases;

    /// <summary>
    /// The member's browsing per category (app and web events, kept outside the stream), read when favourite categories are
    /// first needed and dropped when the writer of a new event says so (<see cref="BehaviourRecorded"/>).
    /// </summary>
    private IReadOnlyList<CategoryBrowsing>? browsing;

    /// <summary>The version of the latest stored snapshot, so a new one is written every <see cref="SnapshotEvery"/> events.</summary>
    private int snapshotVersion;

    private IGrainTimer? derivedWork;
    private int derivedWorkFailures;

    private string MemberId => this.GetPrimaryKeyString();

    private MemberAccount Account => account;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public Task StreamChanged()
    {
        mustRead = true;
        return Task.CompletedTask;
    }

    public Task BehaviourRecorded()
    {
        browsing = null;
        return Task.CompletedTask;
    }

    public async Task<MemberCard?> GetCard()
    {
        await ReadIfNeeded();
        return Card();
    }

    public async Task<MemberCard?> GetCardFor(IdentifierValue presented)
    {
        await ReadIfNeeded();
        return Account.Owns(new Identifier(presented.Type, presented.Value)) ? Card() : null;
    }

    private MemberCard? Card() =>
        Account.Enrolment is { } enrolment
            ? new MemberCard(MemberId, enrolment.LoyaltyNumber, enrolment.Profile.FirstName, Account.Tier, Account.PointsBalance)
            : null;

    public async Task<WalletView?> GetWallet()
    {
        await ReadIfNeeded();
        if (!Account.IsEnrolled) return null;
        var standing = Account.Standing(time.GetUtcNow());
        return new WalletView(
            Account.PointsBalance,
            new TierProgress(standing.Tier, standing.QualifyingPoints, standing.NextTier, standing.PointsToNextTier));
    }

    /// <summary>The statement is not kept in memory: a page is folded from the stream in PostgreSQL when asked for.</summary>
    public async Task<LedgerPage?> GetLedger(int? before, int limit)
    {
        // Not forwarded: a merged member's statement is its own history, ending with the points leaving.
        await ReadIfNeeded(forwardIfMoved: false);
        if (!Account.IsEnrolled) return null;
        var (lines, more) = await store.StatementPage(MemberId, before, limit);
        var page = lines.Select(e => new LedgerEntryView(
            e.Sequence, e.Type, e.Points, e.BalanceAfter, e.OccurredAt, e.RecordedAt, e.IdempotencyKey, e.Description)).ToList();
        return new LedgerPage(page, more ? page[^1].Sequence : null, Account.MergedInto);
    }

    public async Task<PurchaseResult> RecordPurchase(RecordPurchaseCommand command)
    {
        var fingerprint = CommandFingerprint.Of(
            "purchase", command.Amount, command.Currency, command.OccurredAt, command.Channel, command.StoreId,
            command.Lines.Select(l => new object?[] { l.Sku, l.Category, l.Quantity, l.Amount }), command.Discount);
        var (status, entry) = await Execute(command.IdempotencyKey, fingerprint, _ => new PointsEarned(
            time.GetUtcNow(), command.IdempotencyKey, fingerprint, EarnRule.PointsFor(command.Amount),
            command.Amount, command.Currency, command.OccurredAt, command.Channel, command.StoreId)
        {
            Items = [.. command.Lines.Select(l => new PurchasedItem(l.Sku, l.Category, l.Quantity, l.Amount))],
            Discount = command.Discount,
        });
        if (status == CommandStatus.Applied) DeriveLater();
        return new PurchaseResult(status, entry?.Points ?? 0, entry?.BalanceAfter ?? Account.PointsBalance, entry?.TierAfter ?? Account.Tier);
    }

    public async Task<RedemptionResult> Redeem(RedeemPointsCommand command)
    {
        var fingerprint = CommandFingerprint.Of("redeem", command.Points, command.Reason, command.Channel);
        var (status, entry) = await Execute(command.IdempotencyKey, fingerprint, account => account.CanRedeem(command.Points)
            ? new PointsRedeemed(time.GetUtcNow(), command.IdempotencyKey, fingerprint, command.Points, command.Reason, command.Channel)
            : null);
        return new RedemptionResult(status, entry is null ? 0 : -entry.Points, entry?.BalanceAfter ?? Account.PointsBalance);
    }

    public async Task<AdjustmentResult> Adjust(AdjustPointsCommand command)
    {
        var fingerprint = CommandFingerprint.Of("adjust", command.Points, command.Reason, command.Actor);
        // A correction may take points back, but never below zero: the balance is never negative.
        var (status, entry) = await Execute(command.IdempotencyKey, fingerprint, account => account.PointsBalance + command.Points >= 0
            ? new PointsAdjusted(time.GetUtcNow(), command.IdempotencyKey, fingerprint, command.Points, command.Reason, command.Actor)
            : null);
        return new AdjustmentResult(status, entry?.Points ?? 0, entry?.BalanceAfter ?? Account.PointsBalance);
    }

    public async Task<MemberInsights?> GetInsights(DateOnly? asOf)
    {
        await ReadIfNeeded();
        if (!Account.IsEnrolled || await clvModel.Get() is not { } model) return null;
        var day = asOf ?? Today;
        return latestScores is { } latest && latest.AsOf == day && latest.ModelVersion == model.Model.Version
            ? latest
            : new MemberAdvisor(Account, await Purchases(), model).Insights(day, time.GetUtcNow());
    }

    public async Task<MemberSegment?> GetSegment()
    {
        // Not forwarded: the segment index asks every member with an event, tombstones too, and drops those without one.
        await ReadIfNeeded(forwardIfMoved: false);
        if (!Account.IsEnrolled || Account.MergedInto is not null) return null;
        // Stage and RFM come from purchases alone: the segment index never reads browsing.
        var (stage, rfmCell) = new MemberAdvisor(Account, await Purchases(), await clvModel.Get()).Segment(time.GetUtcNow());
        return new MemberSegment(stage, rfmCell);
    }

    /// <summary>
    /// A segment re-evaluation, scheduled by the member's purchases (in the same statement as the event) and
    /// then by itself once a day while its stage can still change with time alone. Idempotent: running it
    /// twice writes the same entry.
    /// </summary>
    public async Task<DueWorkOutcome> RunDueWork(DueWorkItem item)
    {
        await ReadIfNeeded(forwardIfMoved: false);
        if (Account.MergedInto is not null) return DueWorkOutcome.Done;
        if (item.Kind != DueWorkKinds.SegmentRefresh || await GetSegment() is not { } segment) return DueWorkOutcome.Done;
        await segments.Upsert([(MemberId, segment)]);
        // A lead needs a purchase to move on, and lapsed is the last stage: time alone changes neither.
        return segment.Stage == LifecycleStage.Lead.Code() || segment.Stage == LifecycleStage.Lapsed.Code()
            ? DueWorkOutcome.Done
            : new DueWorkOutcome(time.GetUtcNow() + DueWorkKinds.SegmentRefreshInterval);
    }

    public async Task<BehaviourView?> GetBehaviour()
    {
        await ReadIfNeeded();
        return Account.IsEnrolled ? (await Advisor()).Behaviour(time.GetUtcNow()) : null;
    }

    public async Task<IReadOnlyList<OfferView>?> GetOffers()
    {
        await ReadIfNeeded();
        return Account.IsEnrolled ? (await Advisor()).Offers(time.GetUtcNow()) : null;
    }

    public Task<OfferCommandResult> ActivateOffer(string offerId, string idempotencyKey) => OfferCommand(
        offerId,
        idempotencyKey,
        IdempotencyKeys.OfferActivationFingerprint(offerId),
        (offers, now) => offers.Activate(offerId, idempotencyKey, now),
        (status, now) => new OfferActivated(now, idempotencyKey, status.Offer));

    public Task<OfferCommandResult> RedeemOffer(string offerId, string idempotencyKey) => OfferCommand(
        offerId,
        idempotencyKey,
        IdempotencyKeys.OfferRedemptionFingerprint(offerId),
        (offers, now) => offers.Redeem(offerId, idempotencyKey, now),
        (_, now) => new OfferRedeemed(now, idempotencyKey, offerId));

    /// <summary>
    /// Offers planned for the member now count as issued alongside those they hold, so a planned offer
    /// can be taken up, and using one not taken up is "not active" rather than "unknown". A key used by
    /// any other request of the member (a purchase, the enrolment) is a conflict before offers are asked.
    /// </summary>
    private async Task<OfferCommandResult> OfferCommand(
        string offerId, string idempotencyKey, string fingerprint,
        Func<OfferLedger, DateTimeOffset, OfferLedgerResult> apply, Func<OfferStatus, DateTimeOffset, MemberEvent> recorded)
    {
        var model = await clvModel.Get();
        var purchases = await Purchases();
        var browsed = await Browsing();
        return await Write(
            idempotencyKey,
            () =>
            {
                if (!Account.IsEnrolled) return Decision.Answer(new OfferCommandResult(OfferCommandOutcome.MemberNotFound, null));
                if (Account.Check(idempotencyKey, fingerprint) == IdempotencyCheck.Conflict)
                {
                    return Decision.Answer(new OfferCommandResult(OfferCommandOutcome.KeyConflict, null));
                }
                var now = time.GetUtcNow();
                var result = apply(Account.Offers.Issue(new MemberAdvisor(Account, purchases, model, browsed).PlanOffers(now)), now);
                var status = result.Ledger.Find(offerId);
                OfferCommandResult Answer() => new(MemberAdvisor.Outcome(result.Outcome), status is null ? null : MemberAdvisor.View(status.Offer, status.State));
                return result.Changed ? new Decision<OfferCommandResult>(recorded(status!, now), Answer) : Decision.Answer(Answer());
            },
            failure => new OfferCommandResult(failure switch
            {
                CommandStatus.IdempotencyKeyConflict => OfferCommandOutcome.KeyConflict,
                CommandStatus.Rejected => OfferCommandOutcome.Rejected,
                _ => OfferCommandOutcome.Unavailable,
            }, null));
    }

    /// <summary>
    /// Scores the member after the write was answered, in a turn of its own: what follows a commit can no
    /// longer turn an applied purchase into an error. Bursts of writes share one run. (The segment index
    /// follows the change feed instead: SegmentIndexConsumer.)
    /// </summary>
    private void DeriveLater()
    {
        derivedWorkFailures = 0;
        derivedWork ??= this.RegisterGrainTimer(DeriveNow, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        derivedWork.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task DeriveNow(CancellationToken cancellationToken)
    {
        try
        {
            if (account.Version - snapshotVersion >= SnapshotEvery)
            {
                await store.SaveSnapshot(MemberId, account.ToSnapshot());
                snapshotVersion = account.Version;
            }
            // Without a model there is nothing to score: the purchases are not even read.
            latestScores = await clvModel.Get() is { } model
                ? new MemberAdvisor(Account, await Purchases(), model).Insights(Today, time.GetUtcNow())
                : null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            latestScores = null;
            derivedWorkFailures++;
            var retry = derivedWorkFailures <= MaxDerivedWorkRetries;
            logger.LogError(e, "Scoring member {MemberId} failed (attempt {Attempt}); {Next}",
                MemberId, derivedWorkFailures, retry ? "retrying later" : "giving up until its next change");
            if (retry) derivedWork?.Change(TimeSpan.FromSeconds(1 << derivedWorkFailures), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// The write path every ledger command shares: answer a retry from the ledger, otherwise decide on
    /// the current state and append at the version that decision saw. <paramref name="decide"/> returns
    /// null when the state does not allow the command (insufficient points).
    /// </summary>
    private Task<(CommandStatus Status, LedgerEntry? Entry)> Execute(string idempotencyKey, string fingerprint, Func<MemberAccount, MemberEvent?> decide) =>
        Write<(CommandStatus, LedgerEntry?)>(
            idempotencyKey,
            () =>
            {
                if (!Account.IsEnrolled) return Decision.Answer<(CommandStatus, LedgerEntry?)>((CommandStatus.MemberNotFound, null));
                switch (Account.Check(idempotencyKey, fingerprint))
                {
                    case IdempotencyCheck.Replay:
                        // A key can name a non-ledger request too (the enrolment); then there is no entry to answer with.
                        return Account.FindEntry(idempotencyKey) is { } original
                            ? Decision.Answer<(CommandStatus, LedgerEntry?)>((CommandStatus.Replayed, original))
                            : Decision.Answer<(CommandStatus, LedgerEntry?)>((CommandStatus.IdempotencyKeyConflict, null));
                    case IdempotencyCheck.Conflict:
                        return Decision.Answer<(CommandStatus, LedgerEntry?)>((CommandStatus.IdempotencyKeyConflict, null));
                }
                return decide(Account) is { } @event
                    ? new Decision<(CommandStatus, LedgerEntry?)>(@event, () => (CommandStatus.Applied, Account.FindEntry(idempotencyKey)))
                    : Decision.Answer<(CommandStatus, LedgerEntry?)>((CommandStatus.InsufficientPoints, null));
            },
            failure => (failure, null));

    /// <summary>
    /// Decides on the current state and, when the decision is an event, appends it at the version the
    /// decision saw; the answer is built from the state that includes the committed event. Every outcome
    /// of the append ends the loop or is bounded: a lost race re-reads and decides again (at most
    /// <see cref="MaxWriteAttempts"/> times, backing off), a refused row is answered at once, and a write
    /// whose outcome is unknown is answered "unavailable" and re-read before the next decision.
    /// </summary>
    private async Task<T> Write<T>(string idempotencyKey, Func<Decision<T>> decide, Func<CommandStatus, T> failed)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (!await TryReadIfNeeded()) return failed(CommandStatus.Unavailable);
            ThrowIfMoved();
            // A merge is closing this member: what it moves is fixed, so the write waits for the survivor (a retry reaches it).
            if (Account.ClosingMerge is not null) return failed(CommandStatus.Unavailable);
            if (!await TryRecallAbsorbedKey(idempotencyKey)) return failed(CommandStatus.Unavailable);
            var decision = decide();
            if (decision.Event is not { } @event) return decision.Answer();

            AppendOutcome outcome;
            try
            {
                outcome = await groupCommit.Append(MemberId, Account.Version + 1, @event, Schedules(@event));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "An append for member {MemberId} has an unknown outcome", MemberId);
                mustRead = true;
                return failed(CommandStatus.Unavailable);
            }
            switch (outcome)
            {
                case AppendOutcome.Appended:
                    account.Apply(@event);
                    if (@event is PointsEarned purchase) purchases?.Add(purchase);
                    if (account.Version - snapshotVersion >= SnapshotEvery) DeriveLater();
                    return decision.Answer();
                case AppendOutcome.Rejected:
                    return failed(CommandStatus.Rejected);
                case AppendOutcome.KeyTaken:
                    // The store holds the key under another event, older than the keys this account remembers (or
                    // written by another activation): take it back into memory, and the next decision answers it
                    // as a replay or a conflict like any other. A key the store cannot show is refused, not looped on.
                    if (IdempotencyKeys.KeyOf(@event) is not { } key || !await TryRecallKey(key)) return failed(CommandStatus.IdempotencyKeyConflict);
                    break;
                default:
                    mustRead = true;
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)));
                    break;
            }
        }
        logger.LogWarning("Member {MemberId}: a write lost {Attempts} races in a row", MemberId, MaxWriteAttempts);
        return failed(CommandStatus.Unavailable);
    }

    private async Task<IReadOnlyList<PointsEarned>> Purchases() => purchases ??= await store.Purchases(MemberId);

    private async Task<IReadOnlyList<CategoryBrowsing>> Browsing() => browsing ??= await behaviour.CategoryBrowsing(MemberId);

    /// <summary>For favourite categories (behaviour, offers): purchases, browsing and the model.</summary>
    private async Task<MemberAdvisor> Advisor() => new(Account, await Purchases(), await clvModel.Get(), await Browsing());

    /// <summary>A purchase can move the member's stage later with time alone: it schedules a re-evaluation (kept if one is pending).</summary>
    private ScheduledWork? Schedules(MemberEvent @event) => @event is PointsEarned
        ? new ScheduledWork(DueWorkKinds.SegmentRefresh, time.GetUtcNow() + DueWorkKinds.SegmentRefreshInterval)
        : null;

    /// <summary>Re-reads the stream, then takes the key back from the store if the account does not remember it.</summary>
    private async Task<bool> TryRecallKey(string key)
    {
        mustRead = true;
        if (!await TryReadIfNeeded()) return false;
        if (Account.FindKey(key) is not null) return true;
        try
        {
            if (await store.FindKey(MemberId, key) is not var (use, entry, recordedAt)) return false;
            account.Remember(key, use, entry, recordedAt);
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The key of member {MemberId} could not be looked up", MemberId);
            return false;
        }
    }

    /// <summary>Reads the stream (from its snapshot) when this activation's view may be stale; false when storage cannot be read now.</summary>
    private async Task<bool> TryReadIfNeeded()
    {
        if (!mustRead) return true;
        try
        {
            (account, snapshotVersion) = await store.LoadForActivation(MemberId);
            purchases = null;
            mustRead = false;
            if (account.Version - snapshotVersion >= SnapshotEvery) DeriveLater();
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The stream of member {MemberId} could not be read", MemberId);
            return false;
        }
    }

    /// <summary>Reads the stream if needed; a tombstone answers "moved" unless <paramref name="forwardIfMoved"/> is false.</summary>
    private async Task ReadIfNeeded(bool forwardIfMoved = true)
    {
        if (!await TryReadIfNeeded()) throw new MemberUnavailableException($"Member {MemberId} cannot be read now; retry shortly.");
        if (forwardIfMoved) ThrowIfMoved();
    }

    private void ThrowIfMoved()
    {
        if (Account.MergedInto is { } survivor) throw new MemberMovedException(MemberId, survivor);
    }

    /// <summary>
    /// A key the account does not remember may have been used at a member merged into this one, before the merge
    /// carried its remembered keys over (older than the retry window): the absorbed members' streams are asked, so a
    /// retry first sent to them is still a replay here. Members that never absorbed anyone skip this.
    /// </summary>
    private async Task<bool> TryRecallAbsorbedKey(string idempotencyKey)
    {
        if (Account.Merges.Count == 0 || Account.FindKey(idempotencyKey) is not null) return true;
        try
        {
            if (await store.FindKeyAmong([.. Account.AbsorbedMembers], idempotencyKey) is var (use, entry, recordedAt))
            {
                account.Remember(idempotencyKey, use, entry, recordedAt);
            }
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The keys of the members merged into {MemberId} could not be looked up", MemberId);
            return false;
        }
    }
}

/// <summary>What a command decided: the event to append (none for a refusal or a replay) and how to answer once it is committed.</summary>
internal readonly record struct Decision<T>(MemberEvent? Event, Func<T> Answer);

internal static class Decision
{
    public static Decision<T> Answer<T>(T answer) => new(null, () => answer);
}
