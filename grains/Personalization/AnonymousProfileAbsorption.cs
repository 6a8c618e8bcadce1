using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Grains.Feed;
using OrleansLoyalty.Storage.Feed;
using OrleansLoyalty.Storage.Personalization;

namespace OrleansLoyalty.Grains.Personalization;

/// <summary>
/// Absorbs anonymous profiles into members as the change feed shows a device or browser identifier joining one (an
/// enrolment that brings it, or a link): the profile's events become the member's behaviour, one transaction per
/// profile. An unlink lets the absorbed profile go. Replays absorb nothing twice: absorbed events have their member.
/// </summary>
public sealed class AnonymousProfileAbsorption(IGrainFactory grains, BehaviourStore store, TimeProvider time, ILogger<AnonymousProfileAbsorption> logger)
    : IFeedHandler
{
    public const string Name = "anonymous-profiles";

    public string Consumer => Name;

    public async Task Handle(IReadOnlyList<FeedEvent> batch, CancellationToken cancellationToken)
    {
        // In feed order, one at a time: a link and a later unlink of one identifier must not pass each other.
        foreach (var feedEvent in batch)
        {
            switch (feedEvent.Event)
            {
                case MemberEnrolled enrolled:
                    foreach (var identifier in enrolled.Identifiers.Where(IsDevice)) await Absorb(identifier, feedEvent.MemberId, cancellationToken);
                    break;
                case IdentifierLinked linked when IsDevice(linked.Identifier):
                    await Absorb(linked.Identifier, feedEvent.MemberId, cancellationToken);
                    break;
                case IdentifierUnlinked unlinked when IsDevice(unlinked.Identifier):
                    await store.Release(unlinked.Identifier, feedEvent.MemberId, cancellationToken);
                    break;
            }
        }
    }

    private static bool IsDevice(Identifier identifier) => IdentifierType.Devices.Contains(identifier.Type);

    private async Task Absorb(Identifier identifier, string memberId, CancellationToken cancellationToken)
    {
        if (await store.Absorb(identifier, memberId, time.GetUtcNow(), cancellationToken) > 0)
        {
            await BehaviourEventsGrain.TellMember(grains, memberId, logger);
        }
    }
}
