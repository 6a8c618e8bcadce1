using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

/// <summary>
/// The CDNOW sample, read and summarised once for every test that proves the models against the
/// literature. Missing data fails those tests: a silently skipped proof proves nothing.
/// </summary>
public sealed class CdnowFixture
{
    public CdnowFixture()
    {
        var configured = Environment.GetEnvironmentVariable(CdnowData.DirectoryVariable);
        Directory = CdnowData.LocateDirectory(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException(string.IsNullOrWhiteSpace(configured)
                ? $"CDNOW data not found: no shared/data/cdnow/{CdnowData.SampleFileName} above {AppContext.BaseDirectory}; "
                    + $"keep the data at <root>/shared/data/cdnow next to the checkout or set {CdnowData.DirectoryVariable}."
                : $"CDNOW data not found: {CdnowData.DirectoryVariable}={configured} has no {CdnowData.SampleFileName}.");
        SamplePurchases = CdnowData.ReadSample(Path.Combine(Directory, CdnowData.SampleFileName));
        Sample = CalibrationSummaryBuilder.Build(SamplePurchases, CdnowData.CalibrationEnd);
    }

    public string Directory { get; }

    public IReadOnlyList<DatedPurchase<int>> SamplePurchases { get; }

    public IReadOnlyList<CustomerCalibration<int>> Sample { get; }

    public IEnumerable<PurchaseSummary> SampleSummaries => Sample.Select(customer => customer.Summary);
}
