using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Prediction;

/// <summary>
/// The CDNOW sample migrated into the running system as members and historic purchases, then fitted on
/// the system's own PostgreSQL ledger: the estimates must be the published ones, as the offline fit's are.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LedgerFitTests(ClusterFixture fixture)
{
    private LoyaltyTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_fit_on_the_ledger_holding_the_CDNOW_sample_reproduces_the_published_estimates_and_scores_members_like_the_offline_model()
    {
        var directory = CdnowData.LocateDirectory(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("CDNOW data not found: expected shared/data/cdnow beside the checkout, or LOYALTY_CDNOW_DIR.");
        var sample = CdnowData.ReadSample(Path.Combine(directory, CdnowData.SampleFileName));
        var memberIds = await Import(sample);

        var fit = await Cluster.Client.GetGrain<IClvModelGrain>(IClvModelGrain.Key).Fit(CdnowData.CalibrationEnd);

        var model = Assert.IsType<ClvModelView>(fit.Model);
        Assert.Equal(2357, model.Customers);
        AssertWithin(0.005, CdnowData.PublishedBgNbd.R, model.Bgnbd.R);
        AssertWithin(0.005, CdnowData.PublishedBgNbd.Alpha, model.Bgnbd.Alpha);
        AssertWithin(0.005, CdnowData.PublishedBgNbd.A, model.Bgnbd.A);
        AssertWithin(0.005, CdnowData.PublishedBgNbd.B, model.Bgnbd.B);
        Assert.InRange(model.Bgnbd.LogLikelihood!.Value, CdnowData.PublishedBgNbdLogLikelihood - 0.05, CdnowData.PublishedBgNbdLogLikelihood + 0.05);
        Assert.True(model.Bgnbd.Convergence!.Converged && model.GammaGamma.Convergence!.Converged);
        Assert.Equal(946, model.RepeatCustomers);
        Assert.Empty(model.Defects);
        Assert.Equal(946, model.GammaGamma.Customers);
        AssertWithin(0.01, CdnowData.PublishedGammaGamma.P, model.GammaGamma.P);
        AssertWithin(0.01, CdnowData.PublishedGammaGamma.Q, model.GammaGamma.Q);
        AssertWithin(0.01, CdnowData.PublishedGammaGamma.Gamma, model.GammaGamma.Gamma);

        // Customer 1 of the sample, scored by its member grain and by the offline model on the same file.
        var offline = CalibrationSummaryBuilder.Build(sample.Where(p => p.CustomerId == 1), CdnowData.CalibrationEnd).Single().Summary;
        var expected = ScoringModelOf(model).Score(offline);
        var insights = await Cluster.Client.GetGrain<IMemberGrain>(memberIds[1]).GetInsights(CdnowData.CalibrationEnd);
        Assert.Equal((offline.Frequency, offline.RecencyWeeks, offline.AgeWeeks), (insights!.X, insights.Tx, insights.T));
        Assert.Equal(expected.ProbabilityAlive, insights.PAlive!.Value, 9);
        Assert.Equal(expected.PredictedClv, insights.PredictedClv!.Value, 6);
        Assert.Contains("purchase days", insights.Explanation);
        // Three purchase days by then, the last 59 days before: within twice the typical interval, so still a repeat buyer.
        Assert.Equal("repeat", insights.Stage);
        Assert.Matches("^R[1-5]F[1-5]M[1-5]$", insights.Rfm.Cell);
    }

    private async Task<Dictionary<int, string>> Import(IReadOnlyList<DatedPurchase<int>> sample)
    {
        var memberIds = new Dictionary<int, string>();
        using var lanes = new SemaphoreSlim(32);
        await Task.WhenAll(sample.Select((purchase, line) => (purchase, line)).GroupBy(p => p.purchase.CustomerId).Select(async customer =>
        {
            await lanes.WaitAsync();
            try
            {
                var key = $"cdnow-test-{customer.Key}";
                var member = Cluster.Client.GetGrain<IMemberGrain>(MemberId.ForEnrolmentKey(key));
                var enrolment = await Cluster.Client.GetGrain<IProfileGrain>(MemberId.ForEnrolmentKey(key)).Enrol(Commands.Enrol($"cdnow-{customer.Key}@import.invalid") with { IdempotencyKey = key });
                lock (memberIds) memberIds[customer.Key] = enrolment.Member!.MemberId;
                foreach (var (purchase, line) in customer)
                {
                    var occurredAt = new DateTimeOffset(purchase.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    var result = await member.RecordPurchase(new RecordPurchaseCommand($"{key}-{line}", purchase.Amount, "USD", occurredAt, "import", null, []));
                    Assert.Equal(CommandStatus.Applied, result.Status);
                }
            }
            finally
            {
                lanes.Release();
            }
        }));
        return memberIds;
    }

    private static MemberScorer ScoringModelOf(ClvModelView model) => new(
        new BgNbdParameters(model.Bgnbd.R, model.Bgnbd.Alpha, model.Bgnbd.A, model.Bgnbd.B),
        new GammaGammaParameters(model.GammaGamma.P, model.GammaGamma.Q, model.GammaGamma.Gamma),
        ProgramDefaults.Clv);

    private static void AssertWithin(double relative, double published, double actual) =>
        Assert.True(Math.Abs(actual - published) <= relative * Math.Abs(published), $"{actual} is not within {relative:P1} of {published}");
}
