using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.GrainInterfaces.Identity;

/// <summary>Merge <see cref="AbsorbedId"/> into <see cref="SurvivorId"/>, asked by an operator (<see cref="Actor"/>).</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MergeMembersCommand")]
public sealed record MergeMembersCommand(
    [property: Id(0)] string SurvivorId,
    [property: Id(1)] string AbsorbedId,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Actor);

[GenerateSerializer, Alias("OrleansLoyalty.MergeOutcome")]
public enum MergeOutcome
{
    Merged,

    /// <summary>The two ids already name one member (merged before, or the same id): nothing was changed.</summary>
    AlreadyOneMember,
    SurvivorNotFound,
    AbsorbedNotFound,

    /// <summary>The member to absorb was merged into a third member; merge that one if it is meant.</summary>
    AbsorbedMergedElsewhere,

    /// <summary>One of the members takes part in another unfinished merge or undo: retry shortly.</summary>
    InProgress,

    /// <summary>The merge was rolled back before it moved anything (the survivor could no longer take it): nothing changed.</summary>
    Cancelled,

    /// <summary>The merge could not finish now; it finishes on its own (it resumes after a crash), or retry with the same key.</summary>
    Unavailable,
}

/// <param name="SurvivorId">The member that now holds both (the survivor, or where a merged member went).</param>
/// <param name="OtherMergeId">For <see cref="MergeOutcome.InProgress"/>: the merge that holds a member.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MergeResult")]
public sealed record MergeResult(
    [property: Id(0)] MergeOutcome Outcome,
    [property: Id(1)] string? SurvivorId,
    [property: Id(2)] string? OtherMergeId);

[GenerateSerializer, Alias("OrleansLoyalty.UndoMergeOutcome")]
public enum UndoMergeOutcome
{
    Undone,

    /// <summary>No completed merge of this absorbed member into this survivor exists (or it was undone).</summary>
    MergeNotFound,

    /// <summary>The survivor was itself merged later: that merge must be undone first.</summary>
    DependsOnLaterMerge,
    InProgress,
    Unavailable,
}

/// <summary>What an undo gave back, and what stays with the survivor (posted to it since the merge).</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.UndoMergeResult")]
public sealed record UndoMergeResult(
    [property: Id(0)] UndoMergeOutcome Outcome,
    [property: Id(1)] long PointsReturned,
    [property: Id(2)] IReadOnlyList<IdentifierValue> IdentifiersReturned,
    [property: Id(3)] IReadOnlyList<LedgerEntryView> KeptBySurvivor,
    [property: Id(4)] string? BlockingMergeId,
    [property: Id(5)] string? BlockingSurvivorId)
{
    public static UndoMergeResult Of(UndoMergeOutcome outcome) => new(outcome, 0, [], [], null, null);
}

/// <summary>Where a merged-away member went: the merge that absorbed it and its survivor.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MergeOrigin")]
public sealed record MergeOrigin([property: Id(0)] string MergeId, [property: Id(1)] string SurvivorId);

/// <summary>
/// One merge (keyed by its merge id), run as durable steps recorded in both members' streams and in member_merges:
/// closing, applied, completed. A crash between steps is finished by <see cref="Resume"/>, which the scheduler calls.
/// </summary>
[Alias("OrleansLoyalty.IMergeGrain")]
public interface IMergeGrain : IGrainWithStringKey
{
    [Alias("Merge")]
    Task<MergeResult> Merge(MergeMembersCommand command);

    /// <summary>Runs the merge's remaining steps, if any; true once it is finished (completed or cancelled).</summary>
    [Alias("Resume")]
    Task<bool> Resume();

    [Alias("Undo")]
    Task<UndoMergeResult> Undo(string actor);
}
