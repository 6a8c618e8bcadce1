using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.Gateway.Ledger;

/// <summary>
/// A purchase the ledger applied, or replayed for a retried idempotency key. <see cref="MemberId"/> is the member that
/// holds it: the survivor, when the request named a member merged into it.
/// </summary>
public sealed record PurchaseResponse(string MemberId, long PointsEarned, long PointsBalance, string Tier, bool Replayed)
{
    /// <summary>Only for an applied or replayed purchase, which always carries the tier.</summary>
    public static PurchaseResponse From(string memberId, PurchaseResult result) =>
        new(memberId, result.PointsEarned, result.PointsBalance, result.Tier!, result.Status == CommandStatus.Replayed);
}

public sealed record RedemptionResponse(string MemberId, long PointsRedeemed, long PointsBalance, bool Replayed)
{
    public static RedemptionResponse From(string memberId, RedemptionResult result) =>
        new(memberId, result.PointsRedeemed, result.PointsBalance, result.Status == CommandStatus.Replayed);
}

public sealed record AdjustmentResponse(string MemberId, long PointsAdjusted, long PointsBalance, bool Replayed)
{
    public static AdjustmentResponse From(string memberId, AdjustmentResult result) =>
        new(memberId, result.PointsAdjusted, result.PointsBalance, result.Status == CommandStatus.Replayed);
}

public sealed record LedgerEntryResponse(
    int Sequence,
    string Type,
    long Points,
    long BalanceAfter,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string IdempotencyKey,
    string? Description)
{
    public static LedgerEntryResponse From(LedgerEntryView entry) => new(
        entry.Sequence, entry.Type, entry.Points, entry.BalanceAfter, entry.OccurredAt, entry.RecordedAt, entry.IdempotencyKey, entry.Description);
}

/// <summary>
/// A page of the statement, newest first; pass <see cref="NextBefore"/> as <c>before</c> to read older entries. A member
/// merged into another keeps its own statement, ending with the points that left; <see cref="MergedInto"/> names where.
/// </summary>
public sealed record LedgerPageResponse(IReadOnlyList<LedgerEntryResponse> Entries, int? NextBefore, string? MergedInto)
{
    public static LedgerPageResponse From(LedgerPage page) => new([.. page.Entries.Select(LedgerEntryResponse.From)], page.NextBefore, page.MergedInto);
}
