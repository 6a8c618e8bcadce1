using System.Collections.Concurrent;
using System.Globalization;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>A purchase or redemption exactly as sent, so an unknown outcome can be retried byte for byte.</summary>
internal sealed record PosWrite(LoadMember Member, PosOperation Operation, byte[] Body, long RedeemedPoints)
{
    public string Path => Operation == PosOperation.Purchase
        ? $"/v1/members/{Uri.EscapeDataString(Member.MemberId)}/purchases"
        : $"/v1/members/{Uri.EscapeDataString(Member.MemberId)}/redemptions";
}

internal enum WriteOutcome
{
    Acknowledged,

    /// <summary>A redemption refused for insufficient points: a correct answer that changes nothing.</summary>
    Declined,

    /// <summary>No usable answer: the write may or may not have been applied.</summary>
    Unknown,
}

internal sealed record RetrySummary(int Retried, int Acknowledged, int Declined, int Unresolved);

/// <summary>
/// Builds, sends and interprets the POS requests, keeping each member's ledger in step with what the gateway
/// acknowledged, and remembering the writes whose outcome is unknown so they can be settled before verification.
/// </summary>
internal sealed class PosWorkload(LoyaltyHttpClient http, string posApiKey, string runId, bool lookupsMustMatchMember)
{
    private static readonly string[] Categories = ["shoes", "apparel", "grocery", "electronics", "beauty"];
    private readonly ConcurrentQueue<PosWrite> _unknownOutcomes = new();
    private long _idempotencySequence;

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
        return SubmitAsync(new PosWrite(member, PosOperation.Purchase, LoyaltyHttpClient.Serialize(purchase), RedeemedPoints: 0));
    }

    public Task<OperationResult> RedeemAsync(LoadMember member, Random random)
    {
        var points = random.Next(1, 11) * 10L;
        var redemption = new RedemptionRequest(NextIdempotencyKey("r"), points, "reward:coffee");
        return SubmitAsync(new PosWrite(member, PosOperation.Redeem, LoyaltyHttpClient.Serialize(redemption), points));
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
            var (outcome, _) = Settle(write, await http.SendAsync(HttpMethod.Post, write.Path, posApiKey, write.Body));
            switch (outcome)
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
        var (outcome, error) = Settle(write, exchange);
        if (outcome == WriteOutcome.Unknown)
        {
            _unknownOutcomes.Enqueue(write);
        }

        return new(exchange.LatencyMicros, error, Declined: outcome == WriteOutcome.Declined);
    }

    /// <summary>Books an acknowledged write on the member's ledger; returns the outcome and, if any, the error.</summary>
    private static (WriteOutcome Outcome, string? Error) Settle(PosWrite write, ApiExchange exchange)
    {
        if (exchange.IsSuccess)
        {
            if (write.Operation == PosOperation.Purchase && exchange.Read<PurchaseResponse>() is { } purchase)
            {
                write.Member.AcknowledgeEarned(purchase.PointsEarned);
                return (WriteOutcome.Acknowledged, null);
            }

            if (write.Operation == PosOperation.Redeem && exchange.Read<RedemptionResponse>() is not null)
            {
                write.Member.AcknowledgeRedeemed(write.RedeemedPoints);
                return (WriteOutcome.Acknowledged, null);
            }

            return (WriteOutcome.Unknown, "unreadable write body");
        }

        var insufficientPoints = write.Operation == PosOperation.Redeem && exchange.Status == 409
            && exchange.Read<ProblemResponse>()?.Type?.EndsWith("insufficient-points", StringComparison.Ordinal) == true;
        return insufficientPoints ? (WriteOutcome.Declined, null) : (WriteOutcome.Unknown, exchange.Describe());
    }

    private string NextIdempotencyKey(string prefix) =>
        $"lt-{runId}-{prefix}{Interlocked.Increment(ref _idempotencySequence).ToString(CultureInfo.InvariantCulture)}";
}
