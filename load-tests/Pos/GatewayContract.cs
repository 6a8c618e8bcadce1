using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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

internal sealed record RedemptionResponse(long PointsRedeemed, long PointsBalance);

internal sealed record ReturnLine(string Sku, decimal Quantity, decimal Amount);

/// <summary>A return by lines or by a plain amount: exactly one of the two is sent.</summary>
internal sealed record ReturnRequest(
    string IdempotencyKey,
    string OriginalIdempotencyKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReturnLine>? Lines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Amount);

/// <param name="PointsReturned">The points the return took back (pending ones first).</param>
internal sealed record ReturnResponse(long PointsReturned, long PointsBalance, long PendingPoints, long PointsDebt);

internal sealed record RewardRedemptionRequest(string IdempotencyKey);

internal sealed record RewardRedemptionResponse(string RewardId, string Code, long PointsRedeemed, long PointsBalance);

internal sealed record CodeConsumptionResponse(string Code, string RewardId, string MemberId);

/// <param name="PointsBalance">Available now; negative when a return took back points already spent.</param>
/// <param name="PendingPoints">Earned but still in the return window.</param>
/// <param name="PointsDebt">Taken back beyond the balance and the program's limit, recovered from future earns.</param>
internal sealed record WalletResponse(long PointsBalance, long PendingPoints, long PointsDebt);

/// <summary>The running program; the definition is kept as JSON so a reward can be added without knowing every field.</summary>
internal sealed record ProgramResponse(int Version, JsonObject Definition);

internal sealed record LiabilityReportResponse(OutstandingPoints Outstanding, PointsMovements Period);

/// <param name="Total">Available plus pending, less what is below zero and owed.</param>
/// <param name="Members">Enrolled members the projection holds, with or without points.</param>
internal sealed record OutstandingPoints(long Available, long Pending, long BelowZero, long Debt, long Total, int Members);

/// <summary>Points moved in the report's period, by the time each event was recorded.</summary>
internal sealed record PointsMovements(long Issued, long Redeemed, long Expired, long ClawedBack, long Adjusted);

internal sealed record ProblemResponse(string? Type)
{
    /// <summary>The problem's slug (<c>/problems/insufficient-points</c> → <c>insufficient-points</c>).</summary>
    public string? Slug => Type?[(Type.LastIndexOf('/') + 1)..];
}
