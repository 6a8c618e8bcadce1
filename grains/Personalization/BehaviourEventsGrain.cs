using OrleansLoyalty.Domain.Challenges;
using OrleansLoyalty.Domain.Personalization;
using OrleansLoyalty.Grains.LoyaltyProgram;
using OrleansLoyalty.Storage.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.Storage.Personalization;

namespace OrleansLoyalty.Grains.Personalization;

/// <summary>
/// Records behavioural events in PostgreSQL (see <see cref="BehaviourStore"/>) and tells the member when one went to
/// their behaviour, so its favourite categories are read again. Deletes anonymous profiles past their retention.
/// </summary>
[StatelessWorker]
public sealed class BehaviourEventsGrain(
    BehaviourStore store, CurrentProgram currentProgram, IOptions<AnonymousProfileOptions> options, TimeProvider time, ILogger<BehaviourEventsGrain> logger)
    : Grain, IBehaviourEventsGrain
{
    private TimeSpan Retention => options.Value.Retention;

    public async Task<BehaviourEventOutcome> Record(RecordBehaviourEventCommand command)
    {
        var now = time.GetUtcNow();
        // Over the event as sent: a retry without occurredAt is the same event, though it is recorded at another moment.
        var fingerprint = CommandFingerprint.Of(
            "behaviour", command.Identifier.Type, command.Identifier.Value, command.Type, command.OccurredAt, command.Sku, command.Category, command.Query);
        var row = new BehaviourEventRow(new Identifier(command.Identifier.Type, command.Identifier.Value), command.Type, command.OccurredAt ?? now,
            command.Sku, command.Category, command.Query, command.IdempotencyKey, fingerprint);
        BehaviourEventWrite write;
        try
        {
            // An app session may reach an app-session challenge: the member checks its challenges just after, like after a purchase.
            var challengeCheck = command.Type == BehaviourEventType.AppOpen
                && (await currentProgram.Get()).Definition.Challenges.Any(c => c.Goal == ChallengeGoals.AppSessions && c.From <= row.OccurredAt && row.OccurredAt < c.To)
                ? new ScheduledWork(DueWorkKinds.ChallengeCheck, now, DueWorkKinds.ChallengeCheckSuffix)
                : null;
            write = await store.Record(row, now, DueWorkKinds.AnonymousProfileExpiry, now + Retention, challengeCheck);
        }
        catch (PostgresException refused) when (!refused.IsTransient)
        {
            logger.LogError(refused, "PostgreSQL refused a behavioural event ({SqlState})", refused.SqlState);
            return BehaviourEventOutcome.Rejected;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A behavioural event has an unknown outcome");
            return BehaviourEventOutcome.Unavailable;
        }
        if (!write.Inserted)
        {
            return write.FingerprintOfKey is null ? BehaviourEventOutcome.Unavailable
                : write.FingerprintOfKey == fingerprint ? BehaviourEventOutcome.Replayed
                : BehaviourEventOutcome.KeyConflict;
        }
        if (write.MemberId is { } memberId) await TellMember(GrainFactory, memberId, logger);
        return BehaviourEventOutcome.Recorded;
    }

    /// <summary>
    /// The retention check, scheduled when a profile is first seen: deletes it once it went unseen for the retention
    /// period, unless it joined a member; else comes back when that period after its last event ends.
    /// </summary>
    public async Task<DueWorkOutcome> RunDueWork(DueWorkItem item)
    {
        if (item.Kind != DueWorkKinds.AnonymousProfileExpiry || !long.TryParse(item.Key, out var profileId)) return DueWorkOutcome.Done;
        var lastSeen = await store.DeleteIfUnseenSince(profileId, time.GetUtcNow() - Retention);
        return lastSeen is { } seen ? new DueWorkOutcome(seen + Retention) : DueWorkOutcome.Done;
    }

    /// <summary>The member reads its behaviour again when next asked; a failure is logged, not answered (the event is committed).</summary>
    internal static async Task TellMember(IGrainFactory grains, string memberId, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IMemberGrain>(memberId).BehaviourRecorded();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Member {MemberId} was not told of new behaviour events; it sees them once it reads them again", memberId);
        }
    }
}
