using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Personalization;

namespace OrleansLoyalty.Grains.Personalization;

internal static class MemberSegments
{
    /// <summary>
    /// Asks each member for its segment now, all at once: null for a member not enrolled, or merged into another (whose
    /// segment is the survivor's; a merged member is not asked to forward, so the feed never wedges on a tombstone).
    /// </summary>
    public static async Task<IReadOnlyList<(string MemberId, MemberSegment? Segment)>> Of(IGrainFactory grains, IEnumerable<string> memberIds) =>
        await Task.WhenAll(memberIds.Select(async id => (id, await grains.GetGrain<IMemberGrain>(id).GetSegment())));
}
