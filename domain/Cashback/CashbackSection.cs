namespace OrleansLoyalty.Domain.Cashback;

/// <summary>
/// Money back on purchases, credited to the member's cashback wallet (a money balance with its own ledger, apart from
/// points): a percentage per tier, per paid membership and per time-boxed campaign, of the paid share of the lines that
/// earn (excluded categories earn no cashback either). Only purchases in <see cref="Currency"/> earn it.
/// </summary>
/// <param name="PercentByTier">Percent of the eligible amount per tier (a tier not listed earns none).</param>
public sealed record CashbackSection(string Currency, IReadOnlyDictionary<string, decimal> PercentByTier)
{
    public IReadOnlyList<CashbackCampaign> Campaigns { get; init; } = [];
}

/// <summary>A campaign that adds <see cref="Percent"/> cashback to purchases from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive); empty <see cref="Channels"/> means all.</summary>
public sealed record CashbackCampaign(string Id, string Name, DateTimeOffset From, DateTimeOffset To, decimal Percent, IReadOnlyList<string> Channels);

/// <summary>One rule's share of a purchase's cashback: <c>tier:gold</c>, <c>membership:plus</c>, <c>campaign:spring</c>.</summary>
public sealed record CashbackBy(string Rule, decimal Amount);
