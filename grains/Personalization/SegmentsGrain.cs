using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.Storage.Personalization;

namespace OrleansLoyalty.Grains.Personalization;

/// <summary>Segment queries, answered from the index; stateless, so any silo can serve them in parallel.</summary>
[StatelessWorker]
public sealed class SegmentsGrain(SegmentStore store) : Grain, ISegmentsGrain
{
    public Task<IReadOnlyList<SegmentCount>> Count() => store.Count();

    public Task<SegmentMembersPage> Members(string? stage, string? rfmCell, string? after, int limit) => store.Members(stage, rfmCell, after, limit);
}
