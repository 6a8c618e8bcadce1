namespace OrleansLoyalty.LoadTests.Pos;

// The slice of the gateway's JSON contract the generator uses. Written against the documented API rather than
// shared with the gateway project, so the load test also catches drift in the wire format.

internal sealed record Identifier(string Type, string Value);

internal sealed record MemberProfile(string FirstName, string LastName, string Locale, string TimeZone);

internal sealed record EnrolmentRequest(IReadOnlyList<Identifier> Identifiers, MemberProfile Profile);

internal sealed record EnrolmentResponse(string MemberId, string LoyaltyNumber);

internal sealed record LookupResponse(string MemberId);

internal sealed record PurchaseLine(string Sku, string Category, int Quantity, decimal Amount);

internal sealed record PurchaseRequest(
    string IdempotencyKey,
    decimal Amount,
    string Currency,
    DateTimeOffset OccurredAt,
    string Channel,
    string StoreId,
    IReadOnlyList<PurchaseLine> Lines);

internal sealed record PurchaseResponse(long PointsEarned, long PointsBalance);

internal sealed record RedemptionRequest(string IdempotencyKey, long Points, string Reason);

internal sealed record RedemptionResponse(long PointsBalance);

internal sealed record WalletResponse(long PointsBalance);

internal sealed record ProblemResponse(string? Type);
