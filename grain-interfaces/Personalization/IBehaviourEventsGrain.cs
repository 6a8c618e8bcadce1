using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Scheduling;

namespace OrleansLoyalty.GrainInterfaces.Personalization;

/// <summary>A behavioural event from an app install or a browser, validated and its identifier normalized by the caller.</summary>
/// <param name="OccurredAt">When it happened, as the touchpoint says; null: when it is recorded.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RecordBehaviourEventCommand")]
public sealed record RecordBehaviourEventCommand(
    [property: Id(0)] IdentifierValue Identifier,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset? OccurredAt,
    [property: Id(3)] string? Sku,
    [property: Id(4)] string? Category,
    [property: Id(5)] string? Query,
    [property: Id(6)] string? IdempotencyKey);

/// <summary>What recording a behavioural event did. New members go at the end: the wire carries the number.</summary>
[GenerateSerializer, Alias("OrleansLoyalty.BehaviourEventOutcome")]
public enum BehaviourEventOutcome
{
    /// <summary>Storage could not be reached, or the outcome is not known: retry (with the idempotency key, if one was given).</summary>
    Unavailable,

    /// <summary>Committed: to its member's behaviour, or to the identifier's anonymous profile.</summary>
    Recorded,

    /// <summary>The idempotency key was used before for this same event: it is recorded once.</summary>
    Replayed,

    /// <summary>The idempotency key was used before, by this identifier, for a different event.</summary>
    KeyConflict,

    /// <summary>The store refused the data itself; nothing was written.</summary>
    Rejected,
}

/// <summary>
/// Records behavioural events: straight into the member's behaviour when the identifier belongs to one, into the
/// identifier's anonymous profile otherwise. Also runs the retention check of anonymous profiles. Stateless.
/// </summary>
[Alias("OrleansLoyalty.IBehaviourEventsGrain")]
public interface IBehaviourEventsGrain : IGrainWithIntegerKey
{
    [Alias("Record")]
    Task<BehaviourEventOutcome> Record(RecordBehaviourEventCommand command);

    /// <summary>An anonymous profile's retention check (due work <c>anonymous-profile-expiry</c>, keyed by the profile).</summary>
    [Alias("RunDueWork")]
    Task<DueWorkOutcome> RunDueWork(DueWorkItem item);
}
