namespace OrleansLoyalty.Domain.Ledger;

/// <summary>The kinds of line on a points statement (expire, return and merge arrive with later mechanics).</summary>
public static class LedgerEntryType
{
    public const string Earn = "earn";
    public const string Redeem = "redeem";
    public const string Adjust = "adjust";
}
