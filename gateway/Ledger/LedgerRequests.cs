namespace OrleansLoyalty.Gateway.Ledger;

public sealed record PurchaseLineRequest(string? Sku, string? Category, decimal? Quantity, decimal? Amount);

public sealed record PurchaseRequest(
    string? IdempotencyKey,
    decimal? Amount,
    string? Currency,
    DateTimeOffset? OccurredAt,
    string? Channel,
    string? StoreId,
    IReadOnlyList<PurchaseLineRequest?>? Lines,
    decimal? Discount = null);

public sealed record RedemptionRequest(string? IdempotencyKey, long? Points, string? Reason, string? Channel);

public sealed record AdjustmentRequest(string? IdempotencyKey, long? Points, string? Reason);

/// <summary>A return of goods from the purchase recorded with <see cref="OriginalIdempotencyKey"/>: by lines, or a plain amount.</summary>
public sealed record ReturnRequest(string? IdempotencyKey, string? OriginalIdempotencyKey, IReadOnlyList<ReturnLineRequest?>? Lines, decimal? Amount, string? Channel);

public sealed record ReturnLineRequest(string? Sku, decimal? Quantity, decimal? Amount);
