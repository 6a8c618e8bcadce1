using OrleansLoyalty.GrainInterfaces.Ledger;

namespace OrleansLoyalty.GrainInterfaces.Partners;

/// <summary>Spend at a coalition partner, posted by the partner; <see cref="IdempotencyKey"/> is already in the partner's own key space.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.PartnerEarnCommand")]
public sealed record PartnerEarnCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string PartnerId,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Currency,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] string? Reference);

/// <summary>Points spent at a coalition partner, posted by the partner.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.PartnerRedeemCommand")]
public sealed record PartnerRedeemCommand(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string PartnerId,
    [property: Id(2)] long Points,
    [property: Id(3)] string Reason);

/// <summary>What a partner learns of its operation: the points it moved, nothing else of the member.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.PartnerOperationResult")]
public sealed record PartnerOperationResult([property: Id(0)] CommandStatus Status, [property: Id(1)] long Points, [property: Id(2)] string? Problem = null);

/// <summary>What a partner issued and took in a period: what the brand and the partner settle.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.PartnerSettlement")]
public sealed record PartnerSettlement(
    [property: Id(0)] string PartnerId,
    [property: Id(1)] long PointsIssued,
    [property: Id(2)] int Earnings,
    [property: Id(3)] long PointsRedeemed,
    [property: Id(4)] int Redemptions);
