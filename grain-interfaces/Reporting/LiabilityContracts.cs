namespace OrleansLoyalty.GrainInterfaces.Reporting;

/// <summary>A member's outstanding points as the liability report counts them: lots by expiry month, and what is owed back.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MemberLiability")]
public sealed record MemberLiability(
    [property: Id(0)] string Tier,
    [property: Id(1)] IReadOnlyList<LiabilityLot> Lots,
    [property: Id(2)] long BelowZero,
    [property: Id(3)] long Debt);

/// <param name="ExpiresMonth">The first day of the month the points expire in; null when they never do.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LiabilityLot")]
public sealed record LiabilityLot([property: Id(0)] DateOnly? ExpiresMonth, [property: Id(1)] long Available, [property: Id(2)] long Pending);

/// <summary>The report: what is outstanding now, and the movements of a period.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LiabilityReport")]
public sealed record LiabilityReport(
    [property: Id(0)] LiabilityTotals Outstanding,
    [property: Id(1)] IReadOnlyList<LiabilityBucket> ByExpiryMonthAndTier,
    [property: Id(2)] LiabilityMovements Period);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LiabilityTotals")]
public sealed record LiabilityTotals(
    [property: Id(0)] long Available, [property: Id(1)] long Pending, [property: Id(2)] long BelowZero, [property: Id(3)] long Debt, [property: Id(4)] int Members);

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LiabilityBucket")]
public sealed record LiabilityBucket([property: Id(0)] DateOnly? ExpiresMonth, [property: Id(1)] string Tier, [property: Id(2)] long Available, [property: Id(3)] long Pending);

/// <summary>Points moved in [From, To): issued by purchases and goodwill, redeemed, expired, clawed back by returns, and net staff corrections.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.LiabilityMovements")]
public sealed record LiabilityMovements(
    [property: Id(0)] DateTimeOffset From, [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] long Issued, [property: Id(3)] long Redeemed, [property: Id(4)] long Expired, [property: Id(5)] long ClawedBack, [property: Id(6)] long Adjusted);

public static class LiabilityMovementKinds
{
    public const string Issued = "issued";
    public const string Redeemed = "redeemed";
    public const string Expired = "expired";
    public const string ClawedBack = "clawed-back";
    public const string Adjusted = "adjusted";
}

/// <summary>The liability report, read from the projection the change feed keeps (no member grain is asked).</summary>
[Alias("OrleansLoyalty.ILiabilityReportGrain")]
public interface ILiabilityReportGrain : IGrainWithIntegerKey
{
    [Alias("Report")]
    Task<LiabilityReport> Report(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The points a partner issued and took from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), by when they were recorded.</summary>
    [Alias("PartnerSettlement")]
    Task<Partners.PartnerSettlement> PartnerSettlement(string partnerId, DateTimeOffset from, DateTimeOffset to);
}
