using OrleansLoyalty.Storage.Feed;
namespace OrleansLoyalty.Grains.Feed;

/// <summary>
/// What a named feed consumer does with a batch of events, in position order. It may see an event again
/// after a crash (at-least-once), so handling must be idempotent. Throwing leaves the checkpoint where it
/// was: the same batch comes again, later.
/// </summary>
public interface IFeedHandler
{
    /// <summary>The consumer's name: its checkpoint row and its grain key.</summary>
    string Consumer { get; }

    Task Handle(IReadOnlyList<FeedEvent> batch, CancellationToken cancellationToken);
}
