namespace OrleansLoyalty.GrainInterfaces.Ledger;

[GenerateSerializer, Alias("OrleansLoyalty.CommandStatus")]
public enum CommandStatus
{
    Applied,
    Replayed,
    MemberNotFound,
    IdempotencyKeyConflict,
    InsufficientPoints,

    /// <summary>The store refused the data of the command itself; nothing was written and a retry cannot help.</summary>
    Rejected,

    /// <summary>The outcome is not known (storage unreachable, or writers kept racing): retry with the same key.</summary>
    Unavailable,

    /// <summary>A return names a purchase the member does not have.</summary>
    PurchaseNotFound,

    /// <summary>A return of more than was bought (or is left after earlier returns).</summary>
    OverReturn,

    /// <summary>The running program has no reward of that id.</summary>
    RewardNotFound,

    /// <summary>The reward is for other tiers than the member's.</summary>
    TierRequired,

    /// <summary>The reward's stock is used up.</summary>
    OutOfStock,

    /// <summary>The member redeemed the reward as often as its per-member limit allows.</summary>
    RewardLimitReached,

    /// <summary>The cashback wallet does not hold the amount asked for, in that currency.</summary>
    InsufficientCashback,

    /// <summary>The running program has no paid membership of that id.</summary>
    MembershipNotFound,

    /// <summary>The member holds another paid membership until its period ends.</summary>
    MembershipConflict,

    /// <summary>The running program has no partner of that id, or not in that currency.</summary>
    PartnerNotFound,
}

/// <summary>One rule's points in a purchase.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.EarnedPoints")]
public sealed record EarnedPoints([property: Id(0)] string Rule, [property: Id(1)] long Points);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.PurchaseLine")]
public sealed record PurchaseLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string? Category,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] decimal Amount);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RecordPurchaseCommand")]
public sealed record RecordPurchaseCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string Currency,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] string Channel,
    [property: Id(5)] string? StoreId,
    [property: Id(6)] IReadOnlyList<PurchaseLine> Lines,
    [property: Id(7)] decimal Discount = 0);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.PurchaseResult")]
public sealed record PurchaseResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] long PointsEarned,
    [property: Id(2)] long PointsBalance,
    [property: Id(3)] string? Tier)
{
    [Id(4)] public IReadOnlyList<EarnedPoints> Breakdown { get; init; } = [];

    /// <summary>Points in their return window after this purchase (this purchase's too, when the program has one).</summary>
    [Id(5)] public long PendingPoints { get; init; }

    /// <summary>The program version that computed the points (0: the shipped default).</summary>
    [Id(6)] public int ProgramVersion { get; init; }

    /// <summary>Money credited to the cashback wallet, by rule, in <see cref="CashbackCurrency"/>.</summary>
    [Id(7)] public IReadOnlyList<Cashback.CashbackAmount> Cashback { get; init; } = [];

    [Id(8)] public string? CashbackCurrency { get; init; }

    [Id(9)] public decimal CashbackBalance { get; init; }
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ReturnLine")]
public sealed record ReturnLine([property: Id(0)] string Sku, [property: Id(1)] decimal Quantity, [property: Id(2)] decimal Amount);

/// <summary>Goods of the purchase recorded with <see cref="OriginalIdempotencyKey"/> came back: by lines, or a plain <see cref="Amount"/> when there are none.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RecordReturnCommand")]
public sealed record RecordReturnCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string OriginalIdempotencyKey,
    [property: Id(2)] IReadOnlyList<ReturnLine> Lines,
    [property: Id(3)] decimal? Amount,
    [property: Id(4)] string Channel);

/// <summary>What a return took back; <see cref="Problem"/> says why an over-return was refused.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ReturnResult")]
public sealed record ReturnResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] long PointsReturned,
    [property: Id(2)] long PointsBalance,
    [property: Id(3)] long PendingPoints,
    [property: Id(4)] long PointsDebt,
    [property: Id(5)] string? Problem = null)
{
    /// <summary>Cashback the return took back from the cashback wallet.</summary>
    [Id(6)] public decimal CashbackReturned { get; init; }
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RedeemPointsCommand")]
public sealed record RedeemPointsCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] long Points,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Channel);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RedemptionResult")]
public sealed record RedemptionResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] long PointsRedeemed,
    [property: Id(2)] long PointsBalance);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RedeemRewardCommand")]
public sealed record RedeemRewardCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string RewardId,
    [property: Id(2)] string Channel);

/// <param name="Code">The single-use code the till consumes; null unless applied or replayed.</param>
/// <param name="Problem">Why a refusal was refused, in words for the caller.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RewardRedemptionResult")]
public sealed record RewardRedemptionResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] string RewardId,
    [property: Id(2)] string? Code,
    [property: Id(3)] DateTimeOffset? CodeExpiresAt,
    [property: Id(4)] long PointsRedeemed,
    [property: Id(5)] long PointsBalance,
    [property: Id(6)] string? Problem = null);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.AdjustPointsCommand")]
public sealed record AdjustPointsCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] long Points,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Actor);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.AdjustmentResult")]
public sealed record AdjustmentResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] long PointsAdjusted,
    [property: Id(2)] long PointsBalance);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LedgerEntryView")]
public sealed record LedgerEntryView(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] long Points,
    [property: Id(3)] long BalanceAfter,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] DateTimeOffset RecordedAt,
    [property: Id(6)] string IdempotencyKey,
    [property: Id(7)] string? Description)
{
    [Id(8)] public int? ProgramVersion { get; init; }

    [Id(9)] public long PendingAfter { get; init; }

    [Id(10)] public IReadOnlyList<EarnedPoints> Breakdown { get; init; } = [];
}

/// <summary>A page of the statement, newest first; pass <see cref="NextBefore"/> back to read older entries.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LedgerPage")]
/// <see cref="MergedInto"/> names the survivor when the member was merged away (its statement stays its own history).
public sealed record LedgerPage(
    [property: Id(0)] IReadOnlyList<LedgerEntryView> Entries,
    [property: Id(1)] int? NextBefore,
    [property: Id(2)] string? MergedInto = null);
