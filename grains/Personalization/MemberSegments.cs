using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Grains.Personalization;

internal static class MemberSegments
{
    /// <summary>Asks each member for its segment now, all at once; members not enrolled are left out.</summary>
    public static async Task<IReadOnlyList<(string MemberId, MemberSegment Segment)>> Of(IGrainFactory grains, IEnumerable<string> memberIds)
    {
        var asked = memberIds.Select(async id => (Id: id, Segment: await grains.GetGrain<IMemberGrain>(id).GetSegment())).ToList();
        return [.. (await Task.WhenAll(asked)).Where(m => m.Segment is not null).Select(m => (m.Id, m.Segment!))];
    }
}
