namespace OrleansLoyalty.Storage.Ledger;

/// <summary>What became of one compare-and-append. An outcome that is not known (the database could not be
/// reached, or a commit was interrupted) is an exception instead: only a re-read can tell.</summary>
public enum AppendOutcome
{
    Appended,

    /// <summary>Another write took the version first: the writer's view is stale, so re-read and decide again.</summary>
    VersionTaken,

    /// <summary>The version was free but the idempotency key names another event of the member: re-reading shows which.</summary>
    KeyTaken,

    /// <summary>The database refused the row itself (e.g. text jsonb cannot hold): retrying cannot help.</summary>
    Rejected,
}
