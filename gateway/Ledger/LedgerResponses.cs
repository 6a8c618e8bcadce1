using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.Gateway.Ledger;

/// <summary>A purchase the ledger applied, or replayed for a retried idempotency key.</summary>
public sealed record PurchaseResponse(long PointsEarned, long PointsBalance, string Tier, bool Replayed)
{
    /// <summary>Only for an applied or replayed purchase, which always carries the tier.</summary>
    public static PurchaseResponse From(PurchaseResult result) =>
        new(result.PointsEarned, result.PointsBalance, result.Tier!, result.Status == CommandStatus.Replayed);
}

public sealed record RedemptionResponse(long PointsRedeemed, long PointsBalance, bool Replayed)
{
    public static RedemptionResponse From(RedemptionResult result) =>
        new(result.PointsRedeemed, result.PointsBalance, result.Status == CommandStatus.Replayed);
}

public sealed record AdjustmentResponse(long PointsAdjusted, long PointsBalance, bool Replayed)
{
    public static AdjustmentResponse From(AdjustmentResult result) =>
        new(result.PointsAdjusted, result.PointsBalance, result.Status == CommandStatus.Replayed);
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

/// <summary>A page of the statement, newest first; pass <see cref="NextBefore"/> as <c>before</c> to read older entries.</summary>
public sealed record LedgerPageResponse(IReadOnlyList<LedgerEntryResponse> Entries, int? NextBefore)
{
    public static LedgerPageResponse From(LedgerPage page) => new([.. page.Entries.Select(LedgerEntryResponse.From)], page.NextBefore);
}
