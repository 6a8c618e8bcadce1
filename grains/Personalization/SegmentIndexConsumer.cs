using OrleansLoyalty.Grains.Feed;
using OrleansLoyalty.Storage.Feed;
using OrleansLoyalty.Storage.Personalization;

namespace OrleansLoyalty.Grains.Personalization;

/// <summary>
/// Keeps the segment index as a projection of the change feed: for every member with an event in a batch,
/// asks the member for its stage and RFM cell now and writes them all in one statement before the
/// checkpoint moves. Replaying a batch writes the same values again, so a crash at any moment converges.
/// </summary>
public sealed class SegmentIndexConsumer(IGrainFactory grains, SegmentStore store) : IFeedHandler
{
    public const string Name = "segment-index";
    private const int ConcurrentMembers = 64;

    public string Consumer => Name;

    public async Task Handle(IReadOnlyList<FeedEvent> batch, CancellationToken cancellationToken)
    {
        foreach (var chunk in batch.Select(e => e.MemberId).Distinct(StringComparer.Ordinal).Chunk(ConcurrentMembers))
        {
            var segments = await MemberSegments.Of(grains, chunk);
            await store.Upsert([.. segments.Where(m => m.Segment is not null).Select(m => (m.MemberId, m.Segment!))], cancellationToken);
            // A member merged away has no segment of its own any more (an enrolment always has one).
            await store.Remove([.. segments.Where(m => m.Segment is null).Select(m => m.MemberId)], cancellationToken);
        }
    }
}
