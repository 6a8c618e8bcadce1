namespace OrleansLoyalty.Domain.Ledger;

/// <summary>The kinds of line on a points statement (expire and return arrive with later mechanics).</summary>
public static class LedgerEntryType
{
    public const string Earn = "earn";
    public const string Redeem = "redeem";
    public const string Adjust = "adjust";

    /// <summary>Points a merged member brought to the survivor.</summary>
    public const string MergeIn = "merge-in";

    /// <summary>Points that left a member merged into another.</summary>
    public const string MergeOut = "merge-out";

    /// <summary>Points a survivor gave back when a merge was undone.</summary>
    public const string UnmergeOut = "unmerge-out";

    /// <summary>Points a restored member got back when its merge was undone.</summary>
    public const string UnmergeIn = "unmerge-in";
}
