using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

public sealed class CdnowDataTests(CdnowFixture cdnow) : IClassFixture<CdnowFixture>
{
    [Fact]
    public void Sample_reader_uses_the_sample_id_and_parses_every_column()
    {
        // First line of CDNOW_sample.txt: " 00004 0001 19970101  2   29.33".
        Assert.Equal(new DatedPurchase<int>(1, new DateOnly(1997, 1, 1), 29.33m), cdnow.SamplePurchases[0]);
        Assert.Equal(2_357, cdnow.SamplePurchases.Max(purchase => purchase.CustomerId));
    }

    [Fact]
    public void Master_reader_skips_the_header_and_covers_the_whole_cohort()
    {
        var master = CdnowData.ReadMaster(Path.Combine(cdnow.Directory, CdnowData.MasterFileName));

        Assert.Equal(69_659, master.Count);
        Assert.Equal(23_570, master.Select(purchase => purchase.CustomerId).Distinct().Count());
        Assert.Equal(new DatedPurchase<int>(1, new DateOnly(1997, 1, 1), 11.77m), master[0]);
        Assert.Equal(CdnowData.HoldoutEnd, master.Max(purchase => purchase.Day));
    }

    [Fact]
    public void Malformed_lines_are_reported_with_their_position()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, " 00004 0001 19970101  2   29.33\r\n 00004 0001 1997-01-18  2   29.73\r\n");
            var error = Assert.Throws<FormatException>(() => CdnowData.ReadSample(path));
            Assert.Contains(":2:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
