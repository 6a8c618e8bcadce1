using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Reporting;
using OrleansLoyalty.Grains.Feed;
using OrleansLoyalty.Storage.Feed;
using OrleansLoyalty.Storage.Reporting;

namespace OrleansLoyalty.Grains.Reporting;

/// <summary>
/// Keeps the points liability as a projection of the change feed: every points movement once by its feed position, and
/// for every member with an event in a batch its outstanding lots now (asked of the member, replacing what was kept).
/// Replaying a batch converges, so a crash at any moment loses and doubles nothing.
/// </summary>
public sealed class LiabilityConsumer(IGrainFactory grains, LiabilityStore store) : IFeedHandler
{
    public const string Name = "points-liability";
    private const int ConcurrentMembers = 64;

    public string Consumer => Name;

    public async Task Handle(IReadOnlyList<FeedEvent> batch, CancellationToken cancellationToken)
    {
        await store.Record([.. batch.SelectMany(e => Movements(e.Event).Select(m => new LiabilityMovement(e.Position, e.Event.RecordedAt, m.Kind, m.Points, PartnerOf(e.Event))))], cancellationToken);
        foreach (var chunk in batch.Where(e => MovesPoints(e.Event)).Select(e => e.MemberId).Distinct(StringComparer.Ordinal).Chunk(ConcurrentMembers))
        {
            var members = await Task.WhenAll(chunk.Select(async id => (id, await grains.GetGrain<IMemberGrain>(id).GetLiability())));
            await store.Replace(members, cancellationToken);
        }
    }

    /// <summary>Events after which a member's lots or tier may differ (an enrolment makes the member count, with nothing).</summary>
    private static bool MovesPoints(MemberEvent @event) => @event is LedgerCommandEvent or PointsReleased or PointsExpired
        or TierChanged or ChallengeCompleted or MemberEnrolled or MergedAway or MergeApplied or MergeUndone or MemberRestored;

    /// <summary>The coalition partner that posted the event's movement, if one did.</summary>
    private static string? PartnerOf(MemberEvent @event) => @event switch
    {
        PointsEarned earned => earned.PartnerId,
        PointsRedeemed redeemed => redeemed.PartnerId,
        _ => null,
    };

    /// <summary>What an event moves into or out of the liability; merges move points between members, not in or out.</summary>
    public static IEnumerable<(string Kind, long Points)> Movements(MemberEvent @event) => @event switch
    {
        PointsEarned earned when earned.Points != 0 => [(LiabilityMovementKinds.Issued, earned.Points)],
        PointsRedeemed redeemed => [(LiabilityMovementKinds.Redeemed, redeemed.Points)],
        PointsAdjusted adjusted => [(LiabilityMovementKinds.Adjusted, adjusted.Points)],
        PointsReturned returned when returned.Points != 0 => [(LiabilityMovementKinds.ClawedBack, returned.Points)],
        PointsExpired expired => [(LiabilityMovementKinds.Expired, expired.Lots.Sum(l => l.Points))],
        ChallengeCompleted completed => [(LiabilityMovementKinds.Issued, completed.Points)],
        _ => [],
    };
}
