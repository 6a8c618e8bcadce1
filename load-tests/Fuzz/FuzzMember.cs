namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// A member enrolled for the run, with what the fuzzer needs to aim at it: its identifiers, the idempotency keys
/// its setup used (so cases can reuse them) and an offer it holds, if it was offered one.
/// </summary>
internal sealed record FuzzMember(
    string MemberId,
    string Email,
    string Phone,
    string EnrolmentKey,
    IReadOnlyList<string> PurchaseKeys,
    string RedemptionKey,
    string? OfferId,
    bool OfferActivated)
{
    public string PathSegment => Uri.EscapeDataString(MemberId);
}

/// <summary>The three development roles and the keys the run uses for them.</summary>
internal sealed record ApiKeys(string Admin, string Pos, string App)
{
    public const string AdminRole = "admin";
    public const string PosRole = "pos";
    public const string AppRole = "app";

    public static readonly IReadOnlyList<string> AllRoles = [AdminRole, PosRole, AppRole];

    public string For(string role) => role switch
    {
        AdminRole => Admin,
        PosRole => Pos,
        AppRole => App,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };
}
