namespace OrleansLoyalty.Domain.Ledger;

/// <summary>The kinds of line on a points statement .</summary>
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

    /// <summary>Points a return took back.</summary>
    public const string Return = "return";

    /// <summary>Pending points that became available (the total held is unchanged).</summary>
    public const string Release = "release";

    /// <summary>Points that expired unspent.</summary>
    public const string Expire = "expire";

    /// <summary>Cashback spent (the points are unchanged; the cashback wallet has its own statement).</summary>
    public const string CashbackRedeem = "cashback-redeem";

    /// <summary>A paid membership bought or renewed.</summary>
    public const string Membership = "membership";

    /// <summary>A challenge's reward.</summary>
    public const string Challenge = "challenge";

    /// <summary>A paid membership ended without renewal.</summary>
    public const string MembershipLapse = "membership-lapse";
}
