using System.Text.Json.Nodes;
using OrleansLoyalty.GrainInterfaces.Feed;

namespace OrleansLoyalty.Gateway.Feed;

/// <param name="Data">The event's public data as a JSON object: the public event schema, no contact data.</param>
public sealed record FeedEventResponse(long Position, string MemberId, int Version, string Type, DateTimeOffset RecordedAt, JsonNode? Data)
{
    public static FeedEventResponse From(PublicFeedEvent e) => new(e.Position, e.MemberId, e.Version, e.Type, e.RecordedAt, JsonNode.Parse(e.DataJson));
}

/// <param name="NextAfter">Pass as <c>after</c> for the next page.</param>
public sealed record FeedResponse(IReadOnlyList<FeedEventResponse> Events, long NextAfter)
{
    public static FeedResponse From(FeedPage page) => new([.. page.Events.Select(FeedEventResponse.From)], page.NextAfter);
}
