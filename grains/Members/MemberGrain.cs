using Orleans.EventSourcing;
using Orleans.EventSourcing.CustomStorage;
using Orleans.Providers;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.GrainInterfaces.Tiers;
using OrleansLoyalty.Grains.Hosting;
using OrleansLoyalty.Grains.Ledger;
using OrleansLoyalty.Grains.Personalization;
using OrleansLoyalty.Grains.Prediction;

namespace OrleansLoyalty.Grains.Members;

/// <summary>
/// A member as an event-sourced grain over its PostgreSQL stream. Every write is a conditional event:
/// it commits only at the version this activation last saw, so a second activation, or any other
/// writer, makes it re-read and decide again instead of forking the ledger or overdrawing the balance.
/// </summary>
[LogConsistencyProvider(ProviderName = LoyaltySilo.LedgerLogProvider)]
public sealed class MemberGrain(MemberEventStore store, GroupCommitWriter groupCommit, CurrentClvModel clvModel, SegmentIndexWriter segmentIndex, TimeProvider time)
    : JournaledGrain<MemberAccount, MemberEvent>, IMemberGrain, ICustomStorageInterface<MemberAccount, MemberEvent>
{
    // Each retry follows a re-read after a lost race; more than a handful means something is badly wrong.
    private const int MaxWriteAttempts = 5;

    private string MemberId => this.GetPrimaryKeyString();

    private MemberAccount Account => State;

    /// <summary>The scores after the latest purchase (derived, so not persisted): what the insights read.</summary>
    private MemberInsights? latestScores;

    /// <summary>What the segment index last heard from this activation, so it is written only on change.</summary>
    private (string Stage, string RfmCell)? indexedSegment;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<KeyValuePair<int, MemberAccount>> ReadStateFromStorage()
    {
        var account = await store.Load(MemberId);
        return new(account.Version, account);
    }

    // Commands raise one event at a time, which rides the shared group commit; a multi-event write
    // (none today) would need its own transaction to stay all-or-nothing.
    public Task<bool> ApplyUpdatesToStorage(IReadOnlyList<MemberEvent> updates, int expectedVersion) => updates.Count == 1
        ? groupCommit.Append(MemberId, expectedVersion + 1, updates[0])
        : store.TryAppend(MemberId, expectedVersion, updates);

    protected override void TransitionState(MemberAccount state, MemberEvent @event) => state.Apply(@event);

    public async Task<EnrolmentResult> Enrol(EnrolMemberCommand command)
    {
        var identifiers = command.Identifiers.Select(i => new Identifier(i.Type, i.Value)).ToList();
        var profile = new MemberProfile(command.Profile.FirstName, command.Profile.LastName, command.Profile.Locale, command.Profile.TimeZone);
        var fingerprint = CommandFingerprint.Of("enrol", identifiers.Select(i => new[] { i.Type, i.Value }), profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone);
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (Account.Enrolment is { } existing)
            {
                // Only an enrolment retried with its idempotency key can reach a member that exists.
                return existing.Fingerprint == fingerprint
                    ? new EnrolmentResult(EnrolmentStatus.Replayed, Details(), null)
                    : new EnrolmentResult(EnrolmentStatus.IdempotencyKeyConflict, null, null);
            }
            var enrolled = new MemberEnrolled(time.GetUtcNow(), LoyaltyNumber.Generate(), identifiers, profile, command.IdempotencyKey, fingerprint);
            var claim = await store.TryEnrol(MemberId, enrolled);
            if (claim.Succeeded)
            {
                await RefreshNow();
                IndexSegment(new MemberAdvisor(Account, await clvModel.Get()).Segment(time.GetUtcNow()));
                return new EnrolmentResult(EnrolmentStatus.Enrolled, Details(), null);
            }
            if (claim.StreamExists)
            {
                await RefreshNow();
                continue;
            }
            if (claim.TakenIdentifier is { Type: not IdentifierType.Loyalty } taken)
            {
                return new EnrolmentResult(EnrolmentStatus.IdentifierTaken, null, new IdentifierValue(taken.Type, taken.Value));
            }
            // The random loyalty number was already issued: draw another.
        }
        throw new InvalidOperationException($"Enrolment of {MemberId} did not settle after {MaxWriteAttempts} attempts.");
    }

    public Task<MemberDetails?> GetDetails() => Task.FromResult(Account.IsEnrolled ? Details() : null);

    public Task<MemberCard?> GetCard() => Task.FromResult(Account.Enrolment is { } enrolment
        ? new MemberCard(MemberId, enrolment.LoyaltyNumber, enrolment.Profile.FirstName, Account.Tier, Account.PointsBalance)
        : null);

    public Task<WalletView?> GetWallet()
    {
        if (!Account.IsEnrolled) return Task.FromResult<WalletView?>(null);
        var standing = Account.Standing(time.GetUtcNow());
        return Task.FromResult<WalletView?>(new WalletView(
            Account.PointsBalance,
            new TierProgress(standing.Tier, standing.QualifyingPoints, standing.NextTier, standing.PointsToNextTier)));
    }

    public Task<LedgerPage?> GetLedger(int? before, int limit)
    {
        if (!Account.IsEnrolled) return Task.FromResult<LedgerPage?>(null);
        var newerThanCursor = Account.Entries.Where(e => before is null || e.Sequence < before).Reverse().ToList();
        var page = newerThanCursor.Take(limit).Select(e => new LedgerEntryView(
            e.Sequence, e.Type, e.Points, e.BalanceAfter, e.OccurredAt, e.RecordedAt, e.IdempotencyKey, e.Description)).ToList();
        int? nextBefore = newerThanCursor.Count > limit ? page[^1].Sequence : null;
        return Task.FromResult<LedgerPage?>(new LedgerPage(page, nextBefore));
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
        if (status == CommandStatus.Applied)
        {
            var advisor = new MemberAdvisor(Account, await clvModel.Get());
            latestScores = advisor.HasModel ? advisor.Insights(Today, time.GetUtcNow()) : null;
            IndexSegment(latestScores is { } scores ? (scores.Stage, scores.Rfm.Cell) : advisor.Segment(time.GetUtcNow()));
        }
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
        if (!Account.IsEnrolled || await clvModel.Get() is not { } model) return null;
        var day = asOf ?? Today;
        return latestScores is { } latest && latest.AsOf == day && latest.ModelVersion == model.Model.Version
            ? latest
            : new MemberAdvisor(Account, model).Insights(day, time.GetUtcNow());
    }

    public async Task RefreshSegment()
    {
        if (!Account.IsEnrolled) return;
        indexedSegment = null;
        IndexSegment(new MemberAdvisor(Account, await clvModel.Get()).Segment(time.GetUtcNow()));
    }

    public async Task<BehaviourView?> GetBehaviour() =>
        Account.IsEnrolled ? new MemberAdvisor(Account, await clvModel.Get()).Behaviour(time.GetUtcNow()) : null;

    public async Task<IReadOnlyList<OfferView>?> GetOffers() =>
        Account.IsEnrolled ? new MemberAdvisor(Account, await clvModel.Get()).Offers(time.GetUtcNow()) : null;

    public Task<OfferCommandResult> ActivateOffer(string offerId, string idempotencyKey) => OfferCommand(
        offerId,
        (offers, now) => offers.Activate(offerId, idempotencyKey, now),
        (status, now) => new OfferActivated(now, idempotencyKey, status.Offer));

    public Task<OfferCommandResult> RedeemOffer(string offerId, string idempotencyKey) => OfferCommand(
        offerId,
        (offers, now) => offers.Redeem(offerId, idempotencyKey, now),
        (_, now) => new OfferRedeemed(now, idempotencyKey, offerId));

    /// <summary>
    /// Offers planned for the member now count as issued alongside those they hold, so a planned offer
    /// can be taken up, and using one not taken up is "not active" rather than "unknown".
    /// </summary>
    private async Task<OfferCommandResult> OfferCommand(
        string offerId, Func<OfferLedger, DateTimeOffset, OfferLedgerResult> apply, Func<OfferStatus, DateTimeOffset, MemberEvent> recorded)
    {
        var model = await clvModel.Get();
        return await WriteConditionally<OfferCommandResult>(() =>
        {
            if (!Account.IsEnrolled) return (null, () => new OfferCommandResult(false, "member-not-found", null));
            var now = time.GetUtcNow();
            var result = apply(Account.Offers.Issue(new MemberAdvisor(Account, model).PlanOffers(now)), now);
            var status = result.Ledger.Find(offerId);
            return (result.Changed ? recorded(status!, now) : null,
                () => new OfferCommandResult(true, MemberAdvisor.Code(result.Outcome), status is null ? null : MemberAdvisor.View(status.Offer, status.State)));
        });
    }

    /// <summary>Hands the member's stage and RFM cell to the segment index when they changed.</summary>
    private void IndexSegment((string Stage, string RfmCell) segment)
    {
        if (segment == indexedSegment) return;
        segmentIndex.Record(MemberId, segment.Stage, segment.RfmCell);
        indexedSegment = segment;
    }

    /// <summary>
    /// The write path every ledger command shares: answer a retry from the ledger, otherwise decide on
    /// the current state and append at the version that decision saw. <paramref name="decide"/> returns
    /// null when the state does not allow the command (insufficient points).
    /// </summary>
    private Task<(CommandStatus Status, LedgerEntry? Entry)> Execute(string idempotencyKey, string fingerprint, Func<MemberAccount, MemberEvent?> decide) =>
        WriteConditionally<(CommandStatus, LedgerEntry?)>(() =>
        {
            if (!Account.IsEnrolled) return (null, () => (CommandStatus.MemberNotFound, null));
            switch (Account.Check(idempotencyKey, fingerprint))
            {
                case IdempotencyCheck.Replay:
                    return (null, () => (CommandStatus.Replayed, Account.FindEntry(idempotencyKey)));
                case IdempotencyCheck.Conflict:
                    return (null, () => (CommandStatus.IdempotencyKeyConflict, null));
            }
            return decide(Account) is { } @event
                ? (@event, () => (CommandStatus.Applied, Account.FindEntry(idempotencyKey)))
                : (null, () => (CommandStatus.InsufficientPoints, null));
        });

    /// <summary>
    /// Decides on the current state and, when the decision is an event, appends it at the version the
    /// decision saw. On a lost race (or a write whose outcome is unknown) the adaptor has re-read the
    /// stream, so the next pass sees our own write as done or decides again on fresh state. The answer
    /// is built after the write, from the state that includes it.
    /// </summary>
    private async Task<T> WriteConditionally<T>(Func<(MemberEvent? Event, Func<T> Answer)> decide)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var (@event, answer) = decide();
            if (@event is null || await RaiseConditionalEvent(@event)) return answer();
        }
        throw new InvalidOperationException($"Member {MemberId}: write did not settle after {MaxWriteAttempts} attempts.");
    }

    private MemberDetails Details()
    {
        var enrolment = Account.Enrolment!;
        var profile = enrolment.Profile;
        return new MemberDetails(
            MemberId,
            enrolment.LoyaltyNumber,
            Account.Tier,
            Account.PointsBalance,
            new ProfileData(profile.FirstName, profile.LastName, profile.Locale, profile.TimeZone),
            [.. enrolment.Identifiers.Select(i => new IdentifierValue(i.Type, i.Value)), new IdentifierValue(IdentifierType.Loyalty, enrolment.LoyaltyNumber)],
            enrolment.RecordedAt);
    }
}
