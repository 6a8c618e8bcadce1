using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Prediction;

/// <summary>
/// The population models behind every member's scores: fits BG/NBD and Gamma-Gamma on the ledger in
/// PostgreSQL and keeps each fit as a numbered version. One grain for the program (<see cref="Key"/>).
/// </summary>
[Alias("OrleansLoyalty.IClvModelGrain")]
public interface IClvModelGrain : IGrainWithStringKey
{
    const string Key = "clv";

    [Alias("Fit")]
    Task<ClvFitResult> Fit(DateOnly asOf);

    [ReadOnly]
    [Alias("GetCurrent")]
    Task<ClvModelView?> GetCurrent();
}

/// <summary>How one maximum-likelihood estimation ended; null on models stored before fits reported it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.FitConvergenceView")]
public sealed record FitConvergenceView(
    [property: Id(0)] bool Converged,
    [property: Id(1)] int Iterations,
    [property: Id(2)] int LikelihoodEvaluations);

/// <param name="LogLikelihood">Σ ln L at the estimates; null when it is not finite (the fit is then refused).</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.BgNbdView")]
public sealed record BgNbdView(
    [property: Id(0)] double R,
    [property: Id(1)] double Alpha,
    [property: Id(2)] double A,
    [property: Id(3)] double B,
    [property: Id(4)] double? LogLikelihood,
    [property: Id(5)] FitConvergenceView? Convergence);

/// <param name="Customers">The members the spend model was fitted on: repeat buyers with a positive mean repeat spend.</param>
/// <param name="LogLikelihood">Σ ln f at the estimates; null when not finite, or on models stored before fits reported it.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.GammaGammaView")]
public sealed record GammaGammaView(
    [property: Id(0)] double P,
    [property: Id(1)] double Q,
    [property: Id(2)] double Gamma,
    [property: Id(3)] int Customers,
    [property: Id(4)] double? LogLikelihood,
    [property: Id(5)] FitConvergenceView? Convergence);

/// <summary>A fitted model version: the population it was fitted on, both models' estimates and how their estimation ended.</summary>
/// <param name="Version">The stored version; 0 for a refused fit, which is not stored.</param>
/// <param name="Customers">Purchasing members on or before <see cref="AsOf"/>, the BG/NBD population.</param>
/// <param name="RepeatCustomers">Of those, the members with repeat purchases; null on models stored before fits reported it.</param>
/// <param name="Defects">
/// Why these models cannot score every member as fitted: why a fit was refused, or what is wrong with a
/// stored model that is nevertheless current because no stored version is without defects (its scores
/// then carry fallbacks). Empty for every fit accepted since fits are checked.
/// </param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ClvModelView")]
public sealed record ClvModelView(
    [property: Id(0)] int Version,
    [property: Id(1)] DateOnly AsOf,
    [property: Id(2)] int Customers,
    [property: Id(3)] BgNbdView Bgnbd,
    [property: Id(4)] GammaGammaView GammaGamma,
    [property: Id(5)] int? RepeatCustomers,
    [property: Id(6)] IReadOnlyList<string> Defects);

[GenerateSerializer, Alias("OrleansLoyalty.ClvFitRefusalKind")]
public enum ClvFitRefusalKind
{
    /// <summary>Too few members with repeat purchases, or with a positive repeat spend, to fit on; nothing was fitted.</summary>
    NotEnoughData,

    /// <summary>The models were fitted but cannot score every member (see <see cref="ClvFitRefusal.Candidate"/>'s defects).</summary>
    Rejected,
}

/// <summary>Why a fit did not become the current model, with the population it saw; the current model stays.</summary>
/// <param name="Candidate">For <see cref="ClvFitRefusalKind.Rejected"/>: the refused models, version 0, their defects saying why.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ClvFitRefusal")]
public sealed record ClvFitRefusal(
    [property: Id(0)] ClvFitRefusalKind Kind,
    [property: Id(1)] string Detail,
    [property: Id(2)] int Customers,
    [property: Id(3)] int RepeatCustomers,
    [property: Id(4)] int SpendCustomers,
    [property: Id(5)] ClvModelView? Candidate);

/// <summary>A new, current model version, or why none was stored.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ClvFitResult")]
public sealed record ClvFitResult(
    [property: Id(0)] ClvModelView? Model,
    [property: Id(2)] ClvFitRefusal? Refusal);

/// <summary>A member's predicted future as the current model sees it at <see cref="AsOf"/> (x, tₓ and T in weeks), with lifecycle stage and RFM.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.MemberInsights")]
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
