using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Tiers;

namespace OrleansLoyalty.GrainInterfaces.Memberships;

/// <summary>A paid membership bought or renewed for the member (after the brand took the payment), idempotent by key.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.StartMembershipCommand")]
public sealed record StartMembershipCommand([property: Id(0)] string IdempotencyKey, [property: Id(1)] string PlanId, [property: Id(2)] string Actor);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MembershipResult")]
public sealed record MembershipResult(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] MembershipView? Membership,
    [property: Id(2)] bool Renewal,
    [property: Id(3)] string? Problem = null);

/// <summary>The paid membership a member holds: plan, since when it runs without a break, until when, and what it gives.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MembershipView")]
public sealed record MembershipView(
    [property: Id(0)] string PlanId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] DateTimeOffset Until,
    [property: Id(4)] TierBenefitsView Benefits,
    [property: Id(5)] decimal CashbackPercent);
