using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Prediction;

/// <summary>
/// The population models behind every member's scores: fits BG/NBD and Gamma-Gamma on the ledger in
/// PostgreSQL and keeps each fit as a numbered version. One grain for the program (<see cref="Key"/>).
/// </summary>
public interface IClvModelGrain : IGrainWithStringKey
{
    const string Key = "clv";

    Task<ClvFitResult> Fit(DateOnly asOf);

    [ReadOnly]
    Task<ClvModelView?> GetCurrent();
}

[GenerateSerializer, Immutable]
public sealed record BgNbdView(
    [property: Id(0)] double R,
    [property: Id(1)] double Alpha,
    [property: Id(2)] double A,
    [property: Id(3)] double B,
    [property: Id(4)] double LogLikelihood);

[GenerateSerializer, Immutable]
public sealed record GammaGammaView(
    [property: Id(0)] double P,
    [property: Id(1)] double Q,
    [property: Id(2)] double Gamma,
    [property: Id(3)] int Customers);

[GenerateSerializer, Immutable]
public sealed record ClvModelView(
    [property: Id(0)] int Version,
    [property: Id(1)] DateOnly AsOf,
    [property: Id(2)] int Customers,
    [property: Id(3)] BgNbdView Bgnbd,
    [property: Id(4)] GammaGammaView GammaGamma);

/// <summary>A new model version, or why none could be fitted (too little data, no convergence).</summary>
[GenerateSerializer, Immutable]
public sealed record ClvFitResult(
    [property: Id(0)] ClvModelView? Model,
    [property: Id(1)] string? Failure);

/// <summary>A member's predicted future as the current model sees it at <see cref="AsOf"/> (x, tₓ and T in weeks), with lifecycle stage and RFM.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberInsights(
    [property: Id(0)] DateOnly AsOf,
    [property: Id(1)] int ModelVersion,
    [property: Id(2)] double? PAlive,
    [property: Id(3)] double? ExpectedPurchases90d,
    [property: Id(4)] double? ExpectedSpendPerPurchase,
    [property: Id(5)] double? PredictedClv,
    [property: Id(6)] string? ChurnRisk,
    [property: Id(7)] int? X,
    [property: Id(8)] double? Tx,
    [property: Id(9)] double? T,
    [property: Id(10)] string Explanation,
    [property: Id(11)] string Stage,
    [property: Id(12)] OrleansLoyalty.GrainInterfaces.Personalization.RfmView Rfm);
