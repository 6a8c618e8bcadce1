using System.Collections.Concurrent;
using System.Globalization;

namespace OrleansLoyalty.LoadTests.Pos;

internal sealed record RetrySummary(int Retried, int Acknowledged, int Declined, int Unresolved);

/// <summary>
/// Builds, sends and interprets the POS requests, keeping each member's ledger in step with what the gateway
/// acknowledged, and remembering the writes whose outcome is unknown so they can be settled before verification.
/// </summary>
/// <param name="reward">The catalogue reward to redeem; null when the mix has no rewards.</param>
/// <param name="returnable">Where acknowledged purchases wait to be returned; null when the mix has no returns.</param>
internal sealed class PosWorkload(
    LoyaltyHttpClient http, string posApiKey, string runId, bool lookupsMustMatchMember, CatalogueReward? reward, ReturnablePurchases? returnable)
{
    private static readonly string[] Categories = ["shoes", "apparel", "grocery", "electronics", "beauty"];
    private readonly ConcurrentQueue<PosWrite> _unknownOutcomes = new();
    private long _idempotencySequence;

    /// <summary>Answers that contradict the requests or each other, and the codes issued and used.</summary>
    public AnswerAudit Audit { get; } = new();

    public ReturnablePurchases? Returnable => returnable;

    public async Task<OperationResult> LookupAsync(LoadMember member, Random random)
    {
        // Mostly by phone, as at a till; loyalty card and e-mail exercise the other identifier indexes.
        var (type, value) = random.Next(10) switch
        {
            < 5 => ("phone", member.Phone),
            < 8 => ("loyalty", member.LoyaltyNumber),
            _ => ("email", member.Email),
        };
        var exchange = await http.SendAsync(HttpMethod.Get, $"/v1/members/lookup?type={type}&value={Uri.EscapeDataString(value)}", posApiKey);
        if (!exchange.IsSuccess)
        {
            return new(exchange.LatencyMicros, exchange.Describe());
        }

        // The body is always parsed so the generator does the same work against the baseline server.
        var card = exchange.Read<LookupResponse>();
        var error = card is null ? "unreadable lookup body"
            : lookupsMustMatchMember && card.MemberId != member.MemberId ? "lookup found another member"
            : null;
        return new(exchange.LatencyMicros, error);
    }

    public Task<OperationResult> PurchaseAsync(LoadMember member, Random random)
    {
        var lines = Enumerable.Range(0, random.Next(1, 4))
            .Select(i => new PurchaseLine($"SKU-{random.Next(1, 500)}", Categories[random.Next(Categories.Length)], 1, random.Next(100, 8_000) / 100m))
            .ToList();
        var purchase = new PurchaseRequest(
            NextIdempotencyKey("p"),
            lines.Sum(line => line.Amount),
            "EUR",
            DateTimeOffset.UtcNow,
            "pos",
            "s-" + random.Next(1, 51).ToString(CultureInfo.InvariantCulture),
            lines);
        return SubmitAsync(new PurchaseWrite(member, purchase, returnable));
    }

    public Task<OperationResult> RedeemAsync(LoadMember member, Random random)
    {
        var points = random.Next(1, 11) * 10L;
        var redemption = new RedemptionRequest(NextIdempotencyKey("r"), points, "reward:coffee");
        return SubmitAsync(new RedemptionWrite(member, redemption));
    }

    /// <summary>Returns part of a random acknowledged purchase (of its member); null when no purchase has anything left to return.</summary>
    public async Task<OperationResult?> ReturnAsync(Random random)
    {
        if (returnable?.PlanReturn(random) is not { } planned)
        {
            return null;
        }

        var request = new ReturnRequest(NextIdempotencyKey("t"), planned.Purchase.IdempotencyKey, planned.Lines, planned.Amount);
        return await SubmitAsync(new ReturnWrite(planned, request));
    }

    /// <summary>Buys the catalogue reward; the code comes back when the redemption was acknowledged.</summary>
    public async Task<(OperationResult Result, IssuedCode? Code)> RedeemRewardAsync(LoadMember member)
    {
        var catalogueReward = reward ?? throw new InvalidOperationException("The run has no catalogue reward: the mix has no reward operation.");
        var write = new RewardWrite(member, catalogueReward, new RewardRedemptionRequest(NextIdempotencyKey("w")));
        return (await SubmitAsync(write), write.Code);
    }

    /// <summary>
    /// Uses a code at the till, as the POS does right after the redemption. It has no idempotency key, so an unknown
    /// outcome is an error and is not retried (a retry of a consumption that was applied would be refused as code-used).
    /// </summary>
    public async Task<OperationResult> ConsumeCodeAsync(IssuedCode code)
    {
        var exchange = await http.SendAsync(HttpMethod.Post, $"/v1/codes/{Uri.EscapeDataString(code.Code)}/consumption", posApiKey);
        if (!exchange.IsSuccess)
        {
            var problem = exchange.Read<ProblemResponse>()?.Slug;
            return new(exchange.LatencyMicros, problem is null ? exchange.Describe() : $"{exchange.Describe()} {problem}");
        }

        if (exchange.Read<CodeConsumptionResponse>() is not { } consumed)
        {
            return new(exchange.LatencyMicros, "unreadable consume body");
        }

        Audit.CodeConsumed();
        if (consumed.MemberId != code.Member.MemberId || consumed.RewardId != code.RewardId
            || !string.Equals(consumed.Code, code.Code, StringComparison.OrdinalIgnoreCase))
        {
            Audit.Contradiction($"code {code.Code} of {code.RewardId} issued to member {code.Member.MemberId} was consumed as "
                + $"{consumed.Code} of {consumed.RewardId} for member {consumed.MemberId}");
        }

        return new(exchange.LatencyMicros);
    }

    /// <summary>
    /// Sends every write whose outcome was unknown once more with the same idempotency key and body. The gateway
    /// applies a key at most once, so the retry either replays the original answer or applies the write now.
    /// </summary>
    public async Task<RetrySummary> RetryUnknownOutcomesAsync(int concurrency)
    {
        var writes = _unknownOutcomes.ToArray();
        int acknowledged = 0, declined = 0, unresolved = 0;
        await Parallel.ForEachAsync(writes, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (write, _) =>
        {
            var settlement = write.Settle(await http.SendAsync(HttpMethod.Post, write.Path, posApiKey, write.Body), Audit);
            switch (settlement.Outcome)
            {
                case WriteOutcome.Acknowledged:
                    Interlocked.Increment(ref acknowledged);
                    break;
                case WriteOutcome.Declined:
                    Interlocked.Increment(ref declined);
                    break;
                default:
                    Interlocked.Increment(ref unresolved);
                    write.Member.MarkUnresolvedWrite();
                    break;
            }
        });
        return new RetrySummary(writes.Length, acknowledged, declined, unresolved);
    }

    private async Task<OperationResult> SubmitAsync(PosWrite write)
    {
        var exchange = await http.SendAsync(HttpMethod.Post, write.Path, posApiKey, write.Body);
        var settlement = write.Settle(exchange, Audit);
        if (settlement.Outcome == WriteOutcome.Unknown)
        {
            _unknownOutcomes.Enqueue(write);
        }

        return new(exchange.LatencyMicros, settlement.Error, settlement.Refusal);
    }

    private string NextIdempotencyKey(string prefix) =>
        $"lt-{runId}-{prefix}{Interlocked.Increment(ref _idempotencySequence).ToString(CultureInfo.InvariantCulture)}";
}
