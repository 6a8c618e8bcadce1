using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.Gateway.Ledger;

/// <summary>
/// A purchase the ledger applied, or replayed for a retried idempotency key. <see cref="MemberId"/> is the member that
/// holds it: the survivor, when the request named a member merged into it.
/// </summary>
/// <param name="PointsBalance">Points available to redeem; points still in the return window are in <see cref="PendingPoints"/>.</param>
/// <param name="Breakdown">The points by rule (base, category, channel, tier, bonus day, campaign); they add up to <see cref="PointsEarned"/>.</param>
/// <param name="ProgramVersion">The program version that computed the points (0: the shipped default).</param>
/// <param name="Cashback">Money credited to the cashback wallet; null when the purchase earned none.</param>
public sealed record PurchaseResponse(
    string MemberId, long PointsEarned, long PointsBalance, string Tier, bool Replayed,
    IReadOnlyList<EarnedPointsResponse> Breakdown, long PendingPoints, int ProgramVersion, PurchaseCashbackResponse? Cashback)
{
    /// <summary>Only for an applied or replayed purchase, which always carries the tier.</summary>
    public static PurchaseResponse From(string memberId, PurchaseResult result) =>
        new(memberId, result.PointsEarned, result.PointsBalance, result.Tier!, result.Status == CommandStatus.Replayed,
            EarnedPointsResponse.From(result.Breakdown), result.PendingPoints, result.ProgramVersion,
            result.CashbackCurrency is { } currency
                ? new PurchaseCashbackResponse(result.Cashback.Sum(c => c.Amount), currency, result.CashbackBalance, [.. result.Cashback.Select(c => new CashbackByResponse(c.Rule, c.Amount))])
                : null);
}

/// <param name="Amount">Credited by this purchase; <paramref name="Breakdown"/> says by which rule (tier, membership, campaign).</param>
public sealed record PurchaseCashbackResponse(decimal Amount, string Currency, decimal Balance, IReadOnlyList<CashbackByResponse> Breakdown);

public sealed record CashbackByResponse(string Rule, decimal Amount);

public sealed record EarnedPointsResponse(string Rule, long Points)
{
    public static IReadOnlyList<EarnedPointsResponse> From(IReadOnlyList<EarnedPoints> breakdown) => [.. breakdown.Select(b => new EarnedPointsResponse(b.Rule, b.Points))];
}

/// <param name="PointsReturned">The points the return took back (pending ones first).</param>
/// <param name="PointsDebt">Points taken back beyond what the member had and the program's negative-balance limit: recovered from future earns.</param>
/// <param name="CashbackReturned">Cashback the purchase credited that the return took back, in proportion to the amount returned.</param>
public sealed record ReturnResponse(string MemberId, long PointsReturned, long PointsBalance, long PendingPoints, long PointsDebt, bool Replayed, decimal CashbackReturned)
{
    public static ReturnResponse From(string memberId, ReturnResult result) =>
        new(memberId, result.PointsReturned, result.PointsBalance, result.PendingPoints, result.PointsDebt, result.Status == CommandStatus.Replayed, result.CashbackReturned);
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
    string? Description,
    long PendingAfter,
    int? ProgramVersion,
    IReadOnlyList<EarnedPointsResponse>? Breakdown)
{
    public static LedgerEntryResponse From(LedgerEntryView entry) => new(
        entry.Sequence, entry.Type, entry.Points, entry.BalanceAfter, entry.OccurredAt, entry.RecordedAt, entry.IdempotencyKey, entry.Description,
        entry.PendingAfter, entry.ProgramVersion, entry.Breakdown.Count == 0 ? null : EarnedPointsResponse.From(entry.Breakdown));
}

/// <summary>
/// A page of the statement, newest first; pass <see cref="NextBefore"/> as <c>before</c> to read older entries. A member
/// merged into another keeps its own statement, ending with the points that left; <see cref="MergedInto"/> names where.
/// </summary>
public sealed record LedgerPageResponse(IReadOnlyList<LedgerEntryResponse> Entries, int? NextBefore, string? MergedInto)
{
    public static LedgerPageResponse From(LedgerPage page) => new([.. page.Entries.Select(LedgerEntryResponse.From)], page.NextBefore, page.MergedInto);
}
