using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Storage.Feed;

/// <summary>One committed member event at its feed position.</summary>
public sealed record FeedEvent(long Position, string MemberId, int Version, DateTimeOffset CommittedAt, MemberEvent Event);
