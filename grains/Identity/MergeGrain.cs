using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Storage.Identity;
using OrleansLoyalty.Domain.Tiers;
using OrleansLoyalty.Grains.LoyaltyProgram;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.Storage.Ledger;
using OrleansLoyalty.Storage.Scheduling;

namespace OrleansLoyalty.Grains.Identity;

/// <summary>
/// Runs one merge (keyed by the merge id) as three durable, idempotent steps, each one PostgreSQL transaction:
/// closing (the absorbed member takes no more writes; both members are locked), applied (points, earns, keys and
/// identifiers move at once, the absorbed member becomes a tombstone) and completed (caches told, locks released).
/// The member_merges row says which step comes next, so the scheduler's resumption finishes a merge whose silo died.
/// </summary>
/// <remarks>
/// It reads both members from PostgreSQL and only tells their grains afterwards that their streams moved; no member
/// grain ever calls a merge grain, so two opposite merges can never wait on each other (their locks are taken in
/// member-id order in one transaction: one of them finds the other's lock and answers "in progress").
/// </remarks>
public sealed class MergeGrain(
    MergeStore merges, MemberEventStore events, ProfileStore profiles, CurrentProgram currentProgram, TimeProvider time, ILogger<MergeGrain> logger)
    : Grain, IMergeGrain
{
    /// <summary>When a merge's resumption is due: only reached when the merge did not finish in its own request.</summary>
    public static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(5);

    // Each retry follows a re-read after a member's stream moved under a step; more means writers keep colliding.
    private const int MaxStepAttempts = 8;

    // Chains are followed this far at most (A into B into C ...); longer ones are answered "unavailable".
    private const int MaxChain = 32;

    // The undo lists what stays with the survivor from at most this many of its newest statement lines.
    private const int MaxKeptLines = 500;

    private string MergeId => this.GetPrimaryKeyString();

    public async Task<MergeResult> Merge(MergeMembersCommand command)
    {
        try
        {
            for (var attempt = 1; attempt <= MaxStepAttempts; attempt++)
            {
                if (await merges.Find(MergeId) is { } existing) return await RunSteps(existing);

                var survivor = await Follow(command.SurvivorId);
                if (survivor is null) return new MergeResult(MergeOutcome.SurvivorNotFound, null, null);
                var absorbed = await Follow(command.AbsorbedId);
                if (absorbed is null) return new MergeResult(MergeOutcome.AbsorbedNotFound, null, null);
                if (absorbed.Value.Id == survivor.Value.Id) return new MergeResult(MergeOutcome.AlreadyOneMember, survivor.Value.Id, null);
                if (absorbed.Value.Id != command.AbsorbedId) return new MergeResult(MergeOutcome.AbsorbedMergedElsewhere, absorbed.Value.Id, null);
                if (absorbed.Value.Account.ClosingMerge is { } closing) return new MergeResult(MergeOutcome.InProgress, null, closing);
                if (survivor.Value.Account.ClosingMerge is { } survivorClosing) return new MergeResult(MergeOutcome.InProgress, null, survivorClosing);

                var now = time.GetUtcNow();
                var record = new MergeRecord(MergeId, survivor.Value.Id, absorbed.Value.Id, command.Reason, command.Actor, MergeStatus.Closing, now);
                var (outcome, holder) = await merges.Begin(
                    record, absorbed.Value.Account.Version, new MergeClosing(now, MergeId, survivor.Value.Id), now + ResumeAfter);
                switch (outcome)
                {
                    case MergeStepOutcome.Done:
                        await TellLedger(record.AbsorbedId);
                        return await RunSteps(record);
                    case MergeStepOutcome.Locked:
                        return new MergeResult(MergeOutcome.InProgress, null, holder);
                    default:
                        // A write reached the absorbed member first, or the row appeared: read again and decide again.
                        await Backoff(attempt);
                        break;
                }
            }
            return new MergeResult(MergeOutcome.Unavailable, null, null);
        }
        catch (Exception e) when (e is not OrleansException)
        {
            logger.LogWarning(e, "Merge {MergeId} did not finish now; it resumes on its own", MergeId);
            return new MergeResult(MergeOutcome.Unavailable, null, null);
        }
    }

    public async Task<bool> Resume()
    {
        if (await merges.Find(MergeId) is not { } record) return true;
        var result = await RunSteps(record);
        return result.Outcome != MergeOutcome.Unavailable;
    }

    public async Task<UndoMergeResult> Undo(string actor)
    {
        try
        {
            for (var attempt = 1; attempt <= MaxStepAttempts; attempt++)
            {
                if (await merges.Find(MergeId) is not { } record || record.Status == MergeStatus.Cancelled) return UndoMergeResult.Of(UndoMergeOutcome.MergeNotFound);
                if (record.Status == MergeStatus.Undone) return UndoMergeResult.Of(UndoMergeOutcome.Undone);
                if (record.Status != MergeStatus.Completed) return UndoMergeResult.Of(UndoMergeOutcome.InProgress);

                var survivor = await events.Load(record.SurvivorId);
                if (survivor.MergedInto is not null)
                {
                    // The survivor was merged later: its points and identifiers are elsewhere now, so that merge goes first.
                    var later = (await merges.MergesOf(record.SurvivorId)).FirstOrDefault(m => m.AbsorbedId == record.SurvivorId && m.Status == MergeStatus.Completed);
                    return UndoMergeResult.Of(UndoMergeOutcome.DependsOnLaterMerge) with { BlockingMergeId = later?.MergeId, BlockingSurvivorId = later?.SurvivorId ?? survivor.MergedInto };
                }
                if (survivor.ClosingMerge is not null) return UndoMergeResult.Of(UndoMergeOutcome.InProgress);
                if (survivor.Merges.FirstOrDefault(m => m.MergeId == MergeId) is not { } mergeIn) return UndoMergeResult.Of(UndoMergeOutcome.MergeNotFound);
                var absorbed = await events.Load(record.AbsorbedId);

                var applied = await AppliedEvent(record.SurvivorId, mergeIn.Version);
                var givenBack = await merges.StillOwned(record.SurvivorId, applied.Brought.Identifiers);
                var points = Math.Min(mergeIn.UnspentPoints, survivor.PointsBalance);
                var earns = survivor.QualifyingEarns
                    .Where(e => e.Origin is { } origin && mergeIn.Members.Contains(origin))
                    .Select(e => e.Origin == record.AbsorbedId ? e with { Origin = null } : e)
                    .ToList();
                var now = time.GetUtcNow();
                // The tier the survivor held before the merge, or what its own activity reaches now, if higher.
                var program = await currentProgram.Get();
                var ownEarns = survivor.QualifyingEarns.Where(e => e.Origin is not { } origin || !mergeIn.Members.Contains(origin));
                var undone = new MergeUndone(now, MergeId, record.AbsorbedId, points, [.. givenBack.Select(l => l.Identifier)], actor)
                {
                    TierAfter = program.Tiers.TierAfterEarning(program.TierOf(mergeIn.TierBefore), TierActivity.Of(ownEarns, now, program.Tiers.Window)),
                };
                // The survivor's fold of the undo withdraws exactly these (the same lots, the same order): they go back as they were.
                var lotsBack = survivor.Lots.Copy().Withdraw(points, mergeIn.Members)
                    .Select(l => l with { Origin = l.Origin == record.AbsorbedId ? null : l.Origin }).ToList();
                var restored = new MemberRestored(now, MergeId, record.SurvivorId, points, earns, givenBack, actor) { Lots = lotsBack };
                var (outcome, _) = await merges.Undo(record, survivor.Version, undone, absorbed.Version, restored);
                switch (outcome)
                {
                    case MergeStepOutcome.Done:
                        await Notify(record, [.. givenBack.Select(l => l.Identifier)]);
                        var (lines, _) = await events.StatementPage(record.SurvivorId, null, MaxKeptLines);
                        return new UndoMergeResult(
                            UndoMergeOutcome.Undone,
                            points,
                            [.. givenBack.Select(l => new IdentifierValue(l.Identifier.Type, l.Identifier.Value))],
                            [.. lines.Where(l => l.Sequence > mergeIn.Version && l.Sequence <= survivor.Version).Reverse().Select(View)],
                            null,
                            null);
                    case MergeStepOutcome.Locked:
                        return UndoMergeResult.Of(UndoMergeOutcome.InProgress);
                    default:
                        await Backoff(attempt);
                        break;
                }
            }
            return UndoMergeResult.Of(UndoMergeOutcome.Unavailable);
        }
        catch (Exception e) when (e is not OrleansException)
        {
            logger.LogWarning(e, "The undo of merge {MergeId} did not finish now", MergeId);
            return UndoMergeResult.Of(UndoMergeOutcome.Unavailable);
        }
    }

    /// <summary>Runs what remains of the merge from the step its row reached; every step can run again without harm.</summary>
    private async Task<MergeResult> RunSteps(MergeRecord record)
    {
        for (var attempt = 1; attempt <= MaxStepAttempts * 2; attempt++)
        {
            switch (record.Status)
            {
                case MergeStatus.Closing:
                    if (await ApplyStep(record) == MergeStepOutcome.Lost) await Backoff(attempt);
                    break;
                case MergeStatus.Applied:
                    // Told before completion is recorded: "completed" means no grain or cache still serves the absorbed member.
                    await Notify(record, [.. (await profiles.LinksOf(record.SurvivorId)).Select(l => l.Identifier)]);
                    await merges.Complete(record, time.GetUtcNow());
                    break;
                case MergeStatus.Completed:
                case MergeStatus.Undone:
                    // A retried request is answered as the merge it was, even if undone since.
                    return new MergeResult(MergeOutcome.Merged, record.SurvivorId, null);
                case MergeStatus.Cancelled:
                    return new MergeResult(MergeOutcome.Cancelled, null, null);
            }
            record = await merges.Find(MergeId) ?? record;
        }
        return new MergeResult(MergeOutcome.Unavailable, null, null);
    }

    /// <summary>
    /// Step 2: reads the absorbed member as its closing left it (nothing can be written after that) and moves it all.
    /// A survivor that can no longer take it (which the locks should make impossible) rolls the merge back instead.
    /// </summary>
    private async Task<MergeStepOutcome> ApplyStep(MergeRecord record)
    {
        var absorbed = await events.Load(record.AbsorbedId);
        if (absorbed.ClosingMerge != MergeId) return MergeStepOutcome.Lost;
        var survivor = await events.Load(record.SurvivorId);
        if (!survivor.IsEnrolled || survivor.MergedInto is not null)
        {
            logger.LogWarning("Merge {MergeId}: survivor {SurvivorId} cannot take the merge; rolling back", MergeId, record.SurvivorId);
            var cancelled = await merges.Cancel(record, new MergeCancelled(time.GetUtcNow(), MergeId, "the survivor can no longer take the merge"));
            await TellLedger(record.AbsorbedId);
            return cancelled;
        }
        var profile = new ProfileState();
        foreach (var (version, @event) in await profiles.ProfileEventsAfter(record.AbsorbedId, 0)) profile.Apply(version, @event);
        var brought = new MergedMember(
            Math.Max(0, absorbed.PointsBalance),
            absorbed.Tier,
            absorbed.QualifyingEarns,
            absorbed.RememberedKeys,
            await profiles.LinksOf(record.AbsorbedId),
            profile.Profile?.ToDomain(),
            [.. absorbed.AbsorbedMembers])
        {
            // Lots keep their expiry, pending state and origin; what the absorbed member owed moves with them.
            Lots = [.. absorbed.Lots.All],
            PointsBelowZero = absorbed.Lots.BelowZero,
            PointsDebt = absorbed.Lots.Debt,
            Cashback = absorbed.CashbackBalances.ToDictionary(),
        };
        var now = time.GetUtcNow();
        // A merge never costs a customer a tier either held; the summed activity may reach a higher one (decided here, by the running program).
        var program = await currentProgram.Get();
        var (survivorTier, broughtTier) = (program.TierOf(survivor.Tier), program.TierOf(absorbed.Tier));
        var higherHeld = program.Tiers.IsHigher(broughtTier, survivorTier) ? broughtTier : survivorTier;
        var tierAfter = program.Tiers.TierAfterEarning(higherHeld, TierActivity.Of(survivor.QualifyingEarns.Concat(absorbed.QualifyingEarns), now, program.Tiers.Window));
        return await merges.Apply(
            record,
            absorbed.Version,
            new MergedAway(now, MergeId, record.SurvivorId, absorbed.PointsBalance),
            new MergeApplied(now, MergeId, record.AbsorbedId, brought, record.Reason, record.Actor) { TierAfter = tierAfter },
            [
                // The merge may raise the survivor's tier: it is announced at once and reviewed at the anniversary (an existing review is kept).
                new ScheduledWork(DueWorkKinds.TierReview, now, DueWorkKinds.TierAnnounceSuffix),
                new ScheduledWork(DueWorkKinds.TierReview, TierAnniversary.NextReviewAt(survivor.Enrolment!.RecordedAt, graceDays: 0, now), ""),
            ]);
    }

    /// <summary>Both members' grains re-read their streams, and the moved identifiers' cached owners are read again.</summary>
    private async Task Notify(MergeRecord record, IReadOnlyList<Identifier> identifiers)
    {
        var told = new List<Task>
        {
            TellLedger(record.AbsorbedId),
            TellLedger(record.SurvivorId),
            TellBehaviour(record.AbsorbedId),
            TellBehaviour(record.SurvivorId),
            GrainFactory.GetGrain<IProfileGrain>(record.AbsorbedId).StreamChanged(),
            GrainFactory.GetGrain<IProfileGrain>(record.SurvivorId).StreamChanged(),
        };
        told.AddRange(identifiers.Select(i => (Task)GrainFactory.GetGrain<IIdentifierGrain>(IdentifierKey.For(i.Type, i.Value)).Refresh()));
        await Task.WhenAll(told);
    }

    private Task TellLedger(string memberId) => GrainFactory.GetGrain<IMemberGrain>(memberId).StreamChanged();

    /// <summary>The members' app and web behaviour moved with their identifiers: their favourites are read again.</summary>
    private Task TellBehaviour(string memberId) => GrainFactory.GetGrain<IMemberGrain>(memberId).BehaviourRecorded();

    /// <summary>The member an id names now, following merges (A into B into C is C); null when no such member was enrolled.</summary>
    private async Task<(string Id, MemberAccount Account)?> Follow(string memberId)
    {
        for (var hop = 0; hop < MaxChain; hop++)
        {
            var account = await events.Load(memberId);
            if (!account.IsEnrolled) return null;
            if (account.MergedInto is not { } next) return (memberId, account);
            memberId = next;
        }
        throw new InvalidOperationException($"The merge chain from member {memberId} is longer than {MaxChain}.");
    }

    private async Task<MergeApplied> AppliedEvent(string survivorId, int version)
    {
        await foreach (var @event in events.Events(survivorId, after: version - 1, upTo: version))
        {
            if (@event is MergeApplied applied && applied.MergeId == MergeId) return applied;
        }
        throw new InvalidDataException($"Member {survivorId} has no merge-applied event of merge {MergeId} at version {version}.");
    }

    private static LedgerEntryView View(LedgerEntry e) =>
        new(e.Sequence, e.Type, e.Points, e.BalanceAfter, e.OccurredAt, e.RecordedAt, e.IdempotencyKey, e.Description);

    private static Task Backoff(int attempt) => Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20 * attempt)));
}
