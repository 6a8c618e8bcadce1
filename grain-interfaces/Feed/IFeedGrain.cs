using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Feed;

/// <summary>Reads the change feed for integrators, in the public event schema; any silo can serve it.</summary>
[Alias("OrleansLoyalty.IFeedGrain")]
public interface IFeedGrain : IGrainWithIntegerKey
{
    [Alias("Read")]
    Task<FeedPage> Read(long after, int limit);
}

/// <param name="DataJson">The event's public data as a JSON object (see README, "Change feed").</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.PublicFeedEvent")]
public sealed record PublicFeedEvent(
    [property: Id(0)] long Position,
    [property: Id(1)] string MemberId,
    [property: Id(2)] int Version,
    [property: Id(3)] string Type,
    [property: Id(4)] DateTimeOffset RecordedAt,
    [property: Id(5)] string DataJson);

/// <param name="NextAfter">Pass as <c>after</c> for the next page: past gaps too, since everything up to it is final.</param>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.FeedPage")]
public sealed record FeedPage([property: Id(0)] IReadOnlyList<PublicFeedEvent> Events, [property: Id(1)] long NextAfter);
