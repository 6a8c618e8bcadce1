using BenchmarkDotNet.Attributes;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.LoadTests.Benchmarks;

/// <summary>
/// What a member grain pays to rescore a member on a purchase: P(alive), expected purchases in the next 90
/// days and a 52-week CLV, with the CDNOW estimates (the published values, which the fit reproduces to
/// four significant figures). Not sealed: BenchmarkDotNet derives from benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class MemberScoringBenchmarks
{
    private readonly MemberScorer _scorer = new(
        CdnowData.PublishedBgNbd,
        CdnowData.PublishedGammaGamma,
        new ClvAssumptions(grossMargin: 0.3, annualDiscountRate: 0.10, horizonWeeks: 52));

    private PurchaseSummary _member;

    /// <summary>At a purchase T = tₓ; the cost depends on the history through how fast the ₂F₁ series converge.</summary>
    public enum History
    {
        /// <summary>First purchase: x = 0, T = 0, the slowest series (z up to 0.92 over 52 weeks).</summary>
        FirstPurchase,

        /// <summary>Third purchase, 30 weeks after the first.</summary>
        Occasional,

        /// <summary>Sixtieth purchase in a year.</summary>
        Frequent,
    }

    [Params(History.FirstPurchase, History.Occasional, History.Frequent)]
    public History Member { get; set; }

    [GlobalSetup]
    public void Setup() => _member = Member switch
    {
        History.FirstPurchase => new PurchaseSummary(0, 0, 0, 0),
        History.Occasional => new PurchaseSummary(2, 30.43, 30.43, 25),
        History.Frequent => new PurchaseSummary(60, 52, 52, 40),
        _ => throw new InvalidOperationException($"Unknown history {Member}."),
    };

    [Benchmark(Baseline = true)]
    public MemberScore Score() => _scorer.Score(_member);

    [Benchmark]
    public double ProbabilityAlive() => BgNbdModel.ProbabilityAlive(CdnowData.PublishedBgNbd, _member);

    [Benchmark]
    public double ExpectedPurchasesNext90Days() =>
        BgNbdModel.ConditionalExpectedTransactions(CdnowData.PublishedBgNbd, _member, MemberScorer.NinetyDaysInWeeks);
}
