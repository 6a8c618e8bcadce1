using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.GrainInterfaces.Cashback;

/// <summary>Cashback money spent at a till or in the app, idempotent by key.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.RedeemCashbackCommand")]
public sealed record RedeemCashbackCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string Currency,
    [property: Id(3)] string Channel,
    [property: Id(4)] string? StoreId);

/// <param name="Problem">Why the redemption was refused, in words for the caller.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.CashbackRedemptionResult")]
public sealed record CashbackRedemptionResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] decimal AmountRedeemed,
    [property: Id(2)] string Currency,
    [property: Id(3)] decimal CashbackBalance,
    [property: Id(4)] string? Problem = null);

/// <summary>Money credited to the cashback wallet by one rule of a purchase.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.CashbackAmount")]
public sealed record CashbackAmount([property: Id(0)] string Rule, [property: Id(1)] decimal Amount);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.CashbackBalanceView")]
public sealed record CashbackBalanceView([property: Id(0)] string Currency, [property: Id(1)] decimal Balance);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.CashbackEntryView")]
public sealed record CashbackEntryView(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Currency,
    [property: Id(4)] decimal BalanceAfter,
    [property: Id(5)] DateTimeOffset RecordedAt,
    [property: Id(6)] string IdempotencyKey,
    [property: Id(7)] string? Description);

/// <summary>The cashback wallet: balances by currency and its newest movements, newest first.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.CashbackView")]
public sealed record CashbackView([property: Id(0)] IReadOnlyList<CashbackBalanceView> Balances, [property: Id(1)] IReadOnlyList<CashbackEntryView> Entries);
