using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Cashback;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Members;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Domain.Tiers;
using OrleansLoyalty.GrainInterfaces.Cashback;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.GrainInterfaces.Reporting;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.GrainInterfaces.Tiers;
using OrleansLoyalty.Grains.LoyaltyProgram;
using OrleansLoyalty.Grains.Personalization;
using OrleansLoyalty.Grains.Prediction;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.Storage.Ledger;
using OrleansLoyalty.Storage.LoyaltyProgram;
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
public sealed partial class MemberGrain(
    MemberEventStore store, GroupCommitWriter groupCommit, CurrentClvModel clvModel, SegmentStore segments, BehaviourStore behaviour,
    CurrentProgram currentProgram, CampaignBudgetStore campaignBudgets, RewardCodeStore rewardCodes, TimeProvider time, ILogger<MemberGrain> logger)
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

    /// <summary>Whether the purchase being written falls in a running challenge's window (its check is scheduled with it).</summary>
    private bool purchaseInChallenge;

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
        return await Card();
    }

    public async Task<MemberCard?> GetCardFor(IdentifierValue presented)
    {
        await ReadIfNeeded();
        return Account.Owns(new Identifier(presented.Type, presented.Value)) ? await Card() : null;
    }

    private async Task<MemberCard?> Card()
    {
        if (Account.Enrolment is not { } enrolment) return null;
        var program = await currentProgram.Get();
        var membership = MembershipNow(program);
        return new MemberCard(MemberId, enrolment.LoyaltyNumber, enrolment.Profile.FirstName, Account.Tier, Account.PointsBalance)
        {
            Benefits = Combined(BenefitsOf(program, Account.Tier), membership),
            Membership = membership,
            Cashback = CashbackBalances(),
        };
    }

    /// <summary>What <paramref name="tier"/> gives under the running program (nothing for a tier it no longer has).</summary>
    private static TierBenefitsView BenefitsOf(RunningProgram program, string tier) =>
        program.Definition.Tiers.Levels.FirstOrDefault(l => l.Name == tier) is { } level
            ? new TierBenefitsView(level.Benefits.FreeShipping, level.Benefits.PriorityService, level.Benefits.EarlyAccess, level.Benefits.BirthdayPoints, level.EarnMultiplier)
            : TierBenefitsView.None;

    public async Task<WalletView?> GetWallet()
    {
        await ReadIfNeeded();
        if (!Account.IsEnrolled) return null;
        var program = await currentProgram.Get();
        var now = time.GetUtcNow();
        var standing = program.Tiers.Standing(Account.Tier, Account.Activity(now, program.Tiers.Window));
        var bonusRule = program.Definition.Earning.BonusDay;
        var bonusDay = bonusRule is null ? null : await BonusDay(bonusRule, now);
        return new WalletView(
            Account.PointsBalance,
            new TierProgress(standing.Tier, standing.QualifyingPoints, standing.NextTier, standing.PointsToNextTier)
            {
                QualifyingSpend = standing.QualifyingSpend,
                QualifyingPurchases = standing.QualifyingPurchases,
                SpendToNextTier = standing.SpendToNextTier,
                PurchasesToNextTier = standing.PurchasesToNextTier,
                Benefits = BenefitsOf(program, standing.Tier),
            })
        {
            PendingPoints = Account.PendingPoints,
            PointsDebt = Account.PointsDebt,
            Expiring = new ExpiringPoints(Account.Lots.ExpiringWithin(now, 30), Account.Lots.ExpiringWithin(now, 60), Account.Lots.ExpiringWithin(now, 90)),
            BonusDay = bonusDay is null ? null : new BonusDayView(bonusDay.Day.ToString().ToLowerInvariant(), bonusRule!.Multiplier, bonusDay.Reason),
            Cashback = CashbackBalances(),
            Membership = MembershipNow(program),
            Challenges = await ChallengesNow(program, now),
        };
    }

    /// <summary>The member's bonus day under <paramref name="rule"/>, from their purchases in their own time zone.</summary>
    private async Task<BonusDayChoice?> BonusDay(BonusDayRule rule, DateTimeOffset now) =>
        BonusDayFinder.Find(rule, (await Purchases()).Select(p => p.OccurredAt), MemberTimeZone.FromIanaId(Account.Enrolment?.Profile.TimeZone), now);

    /// <summary>The statement is not kept in memory: a page is folded from the stream in PostgreSQL when asked for.</summary>
    public async Task<LedgerPage?> GetLedger(int? before, int limit)
    {
        // Not forwarded: a merged member's statement is its own history, ending with the points leaving.
        await ReadIfNeeded(forwardIfMoved: false);
        if (!Account.IsEnrolled) return null;
        var (lines, more) = await store.StatementPage(MemberId, before, limit);
        var page = lines.Select(e => new LedgerEntryView(
            e.Sequence, e.Type, e.Points, e.BalanceAfter, e.OccurredAt, e.RecordedAt, e.IdempotencyKey, e.Description)
        {
            ProgramVersion = e.ProgramVersion,
            PendingAfter = e.PendingAfter,
            Breakdown = [.. e.Breakdown.Select(b => new EarnedPoints(b.Rule, b.Points))],
        }).ToList();
        return new LedgerPage(page, more ? page[^1].Sequence : null, Account.MergedInto);
    }

    public async Task<PurchaseResult> RecordPurchase(RecordPurchaseCommand command)
    {
        var fingerprint = CommandFingerprint.Of(
            "purchase", command.Amount, command.Currency, command.OccurredAt, command.Channel, command.StoreId,
            command.Lines.Select(l => new object?[] { l.Sku, l.Category, l.Quantity, l.Amount }), command.Discount);
        var program = await currentProgram.Get();
        var lines = command.Lines.Select(l => new EarnLine(l.Sku, l.Category, l.Quantity, l.Amount)).ToList();
        // What a decision needs that is not in the account is read first: the bonus day (from purchases) and the
        // campaign budgets' grants (idempotent by key), so the decision itself stays a plain function of the state.
        PurchaseContext? context;
        try
        {
            context = await PrepareEarning(command, fingerprint, program, lines);
        }
        catch (Exception e) when (e is not MemberMovedException)
        {
            logger.LogWarning(e, "Earning for member {MemberId} could not be prepared", MemberId);
            return new PurchaseResult(CommandStatus.Unavailable, 0, Account.PointsBalance, Account.Tier);
        }
        purchaseInChallenge = program.Definition.Challenges.Any(c => c.From <= command.OccurredAt && command.OccurredAt < c.To);
        var (status, entry) = await Execute(command.IdempotencyKey, fingerprint, account => Earn(account, command, fingerprint, program, lines, context));
        if (status == CommandStatus.Applied) DeriveLater();
        return new PurchaseResult(status, entry?.Points ?? 0, entry?.BalanceAfter ?? Account.PointsBalance, entry?.TierAfter ?? Account.Tier)
        {
            Breakdown = [.. (entry?.Breakdown ?? []).Select(b => new EarnedPoints(b.Rule, b.Points))],
            PendingPoints = entry?.PendingAfter ?? Account.PendingPoints,
            ProgramVersion = entry?.ProgramVersion ?? 0,
            Cashback = [.. (entry?.CashbackBreakdown ?? []).Select(c => new CashbackAmount(c.Rule, c.Amount))],
            CashbackCurrency = entry?.CashbackCurrency,
            CashbackBalance = entry?.CashbackAfter ?? 0,
        };
    }

    /// <summary>The bonus day and the campaign grants of a new purchase; null when the decision will not earn (a replay, a refusal).</summary>
    private async Task<PurchaseContext?> PrepareEarning(RecordPurchaseCommand command, string fingerprint, RunningProgram program, IReadOnlyList<EarnLine> lines)
    {
        var earning = program.Definition.Earning;
        var budgeted = earning.Campaigns.Where(c => c.TotalBudget is not null && command.OccurredAt >= c.From && command.OccurredAt < c.To).ToList();
        if (earning.BonusDay is null && budgeted.Count == 0) return new PurchaseContext(null, new Dictionary<string, long>());
        if (!await TryReadIfNeeded() || !Account.IsEnrolled || Account.MergedInto is not null || Account.Check(command.IdempotencyKey, fingerprint) != IdempotencyCheck.New)
        {
            return null;
        }
        var bonusDay = earning.BonusDay is { } rule ? (await BonusDay(rule, time.GetUtcNow()))?.Day : null;
        var context = new PurchaseContext(bonusDay, new Dictionary<string, long>());
        var wanted = EarnCalculator.Calculate(earning, program.Definition.Tiers.Levels, EarnInputFor(Account, command, lines, context, program)).CampaignPoints.ToDictionary();
        var granted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var campaign in budgeted)
        {
            granted[campaign.Id] = wanted.TryGetValue(campaign.Id, out var points)
                ? await campaignBudgets.Grant(campaign.Id, campaign.TotalBudget!.Value, MemberId, command.IdempotencyKey, points)
                : 0;
        }
        return context with { Granted = granted };
    }

    private static EarnInput EarnInputFor(MemberAccount account, RecordPurchaseCommand command, IReadOnlyList<EarnLine> lines, PurchaseContext context, RunningProgram program)
    {
        var membership = MembershipAt(account, program, command.OccurredAt);
        return new EarnInput(
            command.Amount, command.OccurredAt, command.Channel, lines, command.Discount, program.TierOf(account.Tier), context.BonusDay,
            MemberTimeZone.FromIanaId(account.Enrolment?.Profile.TimeZone), account.CampaignPoints)
        {
            MembershipId = membership?.Id,
            MembershipMultiplier = membership?.EarnMultiplier ?? 1,
        };
    }

    /// <summary>
    /// The purchase's event as the program decides it now: points by rule (campaigns cut to their grants), each line's share,
    /// the return window, the expiry and the tier, all recorded so a replay never decides again with other rules.
    /// </summary>
    private PointsEarned? Earn(MemberAccount account, RecordPurchaseCommand command, string fingerprint, RunningProgram program, IReadOnlyList<EarnLine> lines, PurchaseContext? context)
    {
        // Without a prepared context (prepared as a replay, but new after a re-read) only unbudgeted rules apply: a budget is never assumed.
        context ??= new PurchaseContext(null, program.Definition.Earning.Campaigns.Where(c => c.TotalBudget is not null).ToDictionary(c => c.Id, _ => 0L));
        var earning = program.Definition.Earning;
        var result = EarnCalculator.Calculate(earning, program.Definition.Tiers.Levels, EarnInputFor(account, command, lines, context, program));
        result = EarnCalculator.Cap(result, context.Granted, earning, lines, command.Amount, command.Discount);
        var now = time.GetUtcNow();
        var tierAfter = TierAfterEarning(account, program, command.OccurredAt, result.Total, command.Amount, now);
        var pendingUntil = command.OccurredAt.AddDays(earning.PendingDays);
        var membership = MembershipAt(account, program, command.OccurredAt);
        var cashback = CashbackCalculator.Calculate(program.Definition.Cashback, new CashbackInput(
            EarnCalculator.EligibleAmount(earning, lines, command.Amount), command.Currency, command.OccurredAt, command.Channel, program.TierOf(account.Tier),
            membership?.Id, membership?.CashbackPercent ?? 0));
        var cashbackByLine = CashbackCalculator.Allocate(cashback.Sum(c => c.Amount), [.. EarnCalculator.EligibleByLine(earning, lines, command.Amount)]);
        return new PointsEarned(now, command.IdempotencyKey, fingerprint, result.Total, command.Amount, command.Currency, command.OccurredAt, command.Channel, command.StoreId)
        {
            Items = [.. command.Lines.Select((l, i) => new PurchasedItem(
                l.Sku, l.Category, l.Quantity, l.Amount, result.LinePoints.Count > i ? result.LinePoints[i] : null, cashback.Count > 0 ? cashbackByLine[i] : null))],
            Discount = command.Discount,
            Breakdown = result.Breakdown,
            PendingUntil = earning.PendingDays > 0 && pendingUntil > now ? pendingUntil : null,
            ExpiresAt = PointsExpiry.ExpiresAt(program.Definition.Expiry, command.OccurredAt, tierAfter),
            TierAfter = tierAfter,
            ProgramVersion = program.Version,
            Cashback = cashback,
        };
    }

    /// <summary>The tier after an earn of <paramref name="points"/> on <paramref name="amount"/> at <paramref name="occurredAt"/>, counting it in the window when it falls in it.</summary>
    private static string TierAfterEarning(MemberAccount account, RunningProgram program, DateTimeOffset occurredAt, long points, decimal amount, DateTimeOffset now)
    {
        var asOf = occurredAt > now ? occurredAt : now;
        var window = program.Tiers.Window;
        var activity = account.Activity(asOf, window);
        if (occurredAt > asOf - window) activity = new TierActivity(activity.Points + points, activity.Spend + amount, activity.Purchases + 1);
        return program.Tiers.TierAfterEarning(program.TierOf(account.Tier), activity);
    }

    public async Task<ReturnResult> RecordReturn(RecordReturnCommand command)
    {
        var fingerprint = CommandFingerprint.Of(
            "return", command.OriginalIdempotencyKey, command.Lines.Select(l => new object?[] { l.Sku, l.Quantity, l.Amount }), command.Amount, command.Channel);
        var program = await currentProgram.Get();
        (int Version, PointsEarned Purchase)? original;
        try
        {
            original = await store.FindPurchase(MemberId, command.OriginalIdempotencyKey);
            // A purchase made by a member merged into this one is in that member's stream; its lot came with the merge and has
            // another id here, so the return names no lot of this member's own (version 0) and takes from the spending order.
            if (original is null && await TryReadIfNeeded() && Account.Merges.Count > 0
                && await store.FindPurchaseAmong([.. Account.AbsorbedMembers], command.OriginalIdempotencyKey) is { } merged)
            {
                original = (0, merged.Purchase);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The purchase of a return for member {MemberId} could not be read", MemberId);
            return new ReturnResult(CommandStatus.Unavailable, 0, Account.PointsBalance, Account.PendingPoints, Account.PointsDebt);
        }
        ReturnResult Answer(CommandStatus status, LedgerEntry? entry, string? problem = null) =>
            new(status, entry is null ? 0 : -entry.Points, entry?.BalanceAfter ?? Account.PointsBalance, entry?.PendingAfter ?? Account.PendingPoints, Account.PointsDebt, problem)
            {
                CashbackReturned = entry is null ? 0 : -entry.Cashback,
            };
        var requested = command.Lines.Select(l => new ReturnLineRequest(l.Sku, l.Quantity, l.Amount)).ToList();
        return await Write(
            command.IdempotencyKey,
            () =>
            {
                if (Settled(command.IdempotencyKey, fingerprint, (status, entry) => Answer(status, entry)) is { } settled) return settled;
                if (original is not var (version, purchase)) return Decision.Answer(Answer(CommandStatus.PurchaseNotFound, null));
                var soFar = Account.Returns.GetValueOrDefault(command.OriginalIdempotencyKey) ?? PurchaseReturns.None;
                var (plan, overReturn) = ReturnCalculator.Plan(purchase, soFar, requested, command.Amount);
                if (plan is null) return Decision.Answer(Answer(CommandStatus.OverReturn, null, overReturn));
                var returned = new PointsReturned(
                    time.GetUtcNow(), command.IdempotencyKey, fingerprint, command.OriginalIdempotencyKey, version, purchase.OccurredAt,
                    plan.Points, plan.Amount, plan.Lines, program.Definition.Returns.NegativeBalanceLimit, command.Channel)
                {
                    ProgramVersion = program.Version,
                    Cashback = plan.Cashback,
                    CashbackCurrency = plan.Cashback > 0 ? purchase.Currency : null,
                };
                return new Decision<ReturnResult>(returned, () => Answer(CommandStatus.Applied, Account.FindEntry(command.IdempotencyKey)));
            },
            failure => Answer(failure, null));
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

    public async Task<MemberLiability?> GetLiability()
    {
        await ReadIfNeeded(forwardIfMoved: false);
        if (!Account.IsEnrolled || Account.MergedInto is not null) return null;
        var lots = Account.Lots.All
            .Where(l => l.Remaining != 0)
            .GroupBy(l => l.ExpiresAt is { } at ? new DateOnly(at.UtcDateTime.Year, at.UtcDateTime.Month, 1) : (DateOnly?)null)
            .Select(month => new LiabilityLot(month.Key, month.Where(l => !l.IsPending).Sum(l => l.Remaining), month.Where(l => l.IsPending).Sum(l => l.Remaining)))
            .ToList();
        return new MemberLiability(Account.Tier, lots, Account.Lots.BelowZero, Account.PointsDebt);
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
        if (item.Kind == DueWorkKinds.TierReview)
        {
            if (Account.MergedInto is not null || !Account.IsEnrolled) return DueWorkOutcome.Done;
            return await RunTierWork(item.Key.EndsWith(DueWorkKinds.TierAnnounceSuffix, StringComparison.Ordinal));
        }
        if (item.Kind == DueWorkKinds.PointsLots)
        {
            // The lots moved with a merge: the survivor settles them (its own items for them were never scheduled).
            if (Account.MergedInto is { } survivor) return await GrainFactory.GetGrain<IMemberGrain>(survivor).RunDueWork(item);
            await SettleLots();
            return DueWorkOutcome.Done;
        }
        if (item.Kind == DueWorkKinds.ChallengeCheck)
        {
            if (Account.MergedInto is null && Account.IsEnrolled) await RewardReachedChallenges();
            return DueWorkOutcome.Done;
        }
        if (item.Kind == DueWorkKinds.MembershipLapse)
        {
            if (Account.MergedInto is null) await WriteDueEvent(() => LapseDue(time.GetUtcNow()), "the membership lapse");
            return DueWorkOutcome.Done;
        }
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
    /// Writes the lots due now to the ledger: pending lots become available, then lots past their expiry are written off
    /// (in that order, so points released and expired at once are released first). Run at least once per due time by the
    /// scheduler; running again finds nothing due. Throws when it could not write, so the scheduler retries.
    /// </summary>
    private async Task SettleLots()
    {
        foreach (var settle in new Func<DateTimeOffset, MemberEvent?>[]
        {
            now => Account.Lots.DueForRelease(now) is { Count: > 0 } due ? new PointsReleased(now, due) : null,
            now => Account.Lots.DueForExpiry(now) is { Count: > 0 } due ? new PointsExpired(now, due) : null,
        })
        {
            await WriteDueEvent(() => settle(time.GetUtcNow()), "the lots");
        }
    }

    /// <summary>
    /// Writes what timed work decides on the current state (nothing when it decides null, or while a merge is closing
    /// the member); throws when the write failed, so the scheduler delivers the item again.
    /// </summary>
    private async Task WriteDueEvent(Func<MemberEvent?> decide, string what)
    {
        var status = await Write(
            "",
            () => Account.ClosingMerge is null && decide() is { } @event
                ? new Decision<CommandStatus>(@event, () => CommandStatus.Applied)
                : Decision.Answer(CommandStatus.Applied),
            failure => failure);
        if (status != CommandStatus.Applied) throw new MemberUnavailableException($"{what} of member {MemberId} could not be written ({status}); retrying.");
    }

    /// <summary>
    /// Tells of a tier the member holds but was not told of yet (an upgrade a purchase decided, a merge), then runs the
    /// anniversary review if one is due: the tier is kept when the activity of the window ending at the review still
    /// reaches it, else lowered one level. Both are events, so a second run decides nothing again. The review item
    /// moves on to the next anniversary while the tier is above the first, and ends there.
    /// </summary>
    private async Task<DueWorkOutcome> RunTierWork(bool announceOnly)
    {
        var program = await currentProgram.Get();
        var tiers = program.Tiers;
        await WriteDueEvent(
            () => Account.Tier == Account.AnnouncedTier ? null
                : TierChange(Account.AnnouncedTier, Account.Tier, tiers.IsHigher(Account.Tier, Account.AnnouncedTier) ? TierChangeReasons.Qualified : TierChangeReasons.Merge, null, time.GetUtcNow(), program),
            "the tier announcement");
        if (announceOnly) return DueWorkOutcome.Done;

        var enrolledAt = Account.Enrolment!.RecordedAt;
        await WriteDueEvent(
            () =>
            {
                var now = time.GetUtcNow();
                if (Account.Tier == tiers.BaseTier || TierAnniversary.DueReview(enrolledAt, tiers.GraceDays, Account.LastReviewedAnniversary, now) is not { } anniversary)
                {
                    return null;
                }
                var activity = Account.Activity(anniversary.AddDays(tiers.GraceDays), tiers.Window);
                var after = tiers.Review(Account.Tier, activity);
                return after == Account.Tier
                    ? new TierKept(now, after, anniversary, activity.Points, activity.Spend, activity.Purchases, program.Version)
                    : TierChange(Account.Tier, after, TierChangeReasons.AnniversaryReview, anniversary, now, program, activity);
            },
            "the tier review");
        return Account.Tier == tiers.BaseTier
            ? DueWorkOutcome.Done
            : new DueWorkOutcome(TierAnniversary.NextReviewAt(enrolledAt, tiers.GraceDays, time.GetUtcNow()));
    }

    private TierChanged TierChange(string from, string to, string reason, DateTimeOffset? anniversary, DateTimeOffset now, RunningProgram program, TierActivity? activity = null)
    {
        var counted = activity ?? Account.Activity(now, program.Tiers.Window);
        return new TierChanged(now, from, to, reason, anniversary, counted.Points, counted.Spend, counted.Purchases, program.Version);
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
                if (Settled<(CommandStatus, LedgerEntry?)>(idempotencyKey, fingerprint, (status, entry) => (status, entry)) is { } settled) return settled;
                return decide(Account) is { } @event
                    ? new Decision<(CommandStatus, LedgerEntry?)>(@event, () => (CommandStatus.Applied, Account.FindEntry(idempotencyKey)))
                    : Decision.Answer<(CommandStatus, LedgerEntry?)>((CommandStatus.InsufficientPoints, null));
            },
            failure => (failure, null));

    /// <summary>
    /// The answer to a request this member cannot take as new: none when not enrolled, the original line for a retry, a
    /// conflict for a key that named another request (also a non-ledger one, such as the enrolment, which has no line).
    /// Null for a new request.
    /// </summary>
    private Decision<T>? Settled<T>(string idempotencyKey, string fingerprint, Func<CommandStatus, LedgerEntry?, T> answer)
    {
        if (!Account.IsEnrolled) return Decision.Answer(answer(CommandStatus.MemberNotFound, null));
        return Account.Check(idempotencyKey, fingerprint) switch
        {
            IdempotencyCheck.Replay => Decision.Answer(Account.FindEntry(idempotencyKey) is { } original
                ? answer(CommandStatus.Replayed, original)
                : answer(CommandStatus.IdempotencyKeyConflict, null)),
            IdempotencyCheck.Conflict => Decision.Answer(answer(CommandStatus.IdempotencyKeyConflict, null)),
            _ => null,
        };
    }

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

    /// <summary>
    /// A purchase can move the member's stage later with time alone: it schedules a re-evaluation (kept if one is pending);
    /// its lot schedules the end of its return window and its expiry.
    /// </summary>
    private List<ScheduledWork>? Schedules(MemberEvent @event)
    {
        if (@event is MembershipStarted started)
        {
            return [new ScheduledWork(DueWorkKinds.MembershipLapse, DueSecond(started.Until), DueWorkKinds.DueSecondSuffix(DueSecond(started.Until)))];
        }
        if (@event is not PointsEarned earned) return null;
        var work = new List<ScheduledWork> { new(DueWorkKinds.SegmentRefresh, time.GetUtcNow() + DueWorkKinds.SegmentRefreshInterval) };
        if (earned.PartnerId is null && purchaseInChallenge) work.Add(new ScheduledWork(DueWorkKinds.ChallengeCheck, time.GetUtcNow(), DueWorkKinds.ChallengeCheckSuffix));
        if (earned.TierAfter is { } tierAfter && tierAfter != Account.AnnouncedTier)
        {
            // An upgrade is told of at once, and from now on the tier is reviewed at each anniversary (an existing review is kept).
            work.Add(new ScheduledWork(DueWorkKinds.TierReview, time.GetUtcNow(), DueWorkKinds.TierAnnounceSuffix));
            if (Account.Enrolment is { } enrolment)
            {
                // Due at the anniversary itself: a run before the program's grace is over finds no review due and moves the item to it.
                work.Add(new ScheduledWork(DueWorkKinds.TierReview, TierAnniversary.NextReviewAt(enrolment.RecordedAt, graceDays: 0, time.GetUtcNow()), ""));
            }
        }
        foreach (var due in new[] { earned.PendingUntil, earned.ExpiresAt }.OfType<DateTimeOffset>())
        {
            work.Add(new ScheduledWork(DueWorkKinds.PointsLots, DueSecond(due), DueWorkKinds.DueSecondSuffix(DueSecond(due))));
        }
        return work;
    }

    /// <summary>Rounded up to the whole second an item's key names, so what it is for is due when the item runs.</summary>
    private static DateTimeOffset DueSecond(DateTimeOffset due) =>
        new DateTimeOffset(due.UtcTicks - due.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(due.UtcTicks % TimeSpan.TicksPerSecond == 0 ? 0 : 1);

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
        if (idempotencyKey.Length == 0 || Account.Merges.Count == 0 || Account.FindKey(idempotencyKey) is not null) return true;
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

/// <summary>What a purchase's decision takes from outside the account: the member's bonus day and each budgeted campaign's grant.</summary>
internal sealed record PurchaseContext(DayOfWeek? BonusDay, IReadOnlyDictionary<string, long> Granted);

/// <summary>What a command decided: the event to append (none for a refusal or a replay) and how to answer once it is committed.</summary>
internal readonly record struct Decision<T>(MemberEvent? Event, Func<T> Answer);

internal static class Decision
{
    public static Decision<T> Answer<T>(T answer) => new(null, () => answer);
}
