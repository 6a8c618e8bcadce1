using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.Reporting;
using OrleansLoyalty.Storage.Reporting;

namespace OrleansLoyalty.Grains.Reporting;

/// <summary>The liability report, from the projection; stateless, so any silo answers.</summary>
[StatelessWorker]
public sealed class LiabilityReportGrain(LiabilityStore store) : Grain, ILiabilityReportGrain
{
    public Task<LiabilityReport> Report(DateTimeOffset from, DateTimeOffset to) => store.Report(from, to);

    public Task<GrainInterfaces.Partners.PartnerSettlement> PartnerSettlement(string partnerId, DateTimeOffset from, DateTimeOffset to) => store.PartnerSettlement(partnerId, from, to);
}
