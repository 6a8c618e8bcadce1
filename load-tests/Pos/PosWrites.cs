namespace OrleansLoyalty.LoadTests.Pos;

internal enum WriteOutcome
{
    Acknowledged,

    /// <summary>A refusal the server was right to give (insufficient points, out of stock, ...): it changed nothing.</summary>
    Declined,

    /// <summary>No usable answer: the write may or may not have been applied.</summary>
    Unknown,
}

/// <summary>How a write ended: the outcome, an error to count when unknown, and the refusal's kind when declined.</summary>
internal readonly record struct WriteSettlement(WriteOutcome Outcome, string? Error = null, string? Refusal = null)
{
    public static WriteSettlement Acknowledged { get; } = new(WriteOutcome.Acknowledged);
}

/// <summary>A reward code a redemption issued, with whom and what for, so its consumption can be checked.</summary>
internal sealed record IssuedCode(string Code, LoadMember Member, string RewardId);

/// <summary>The catalogue reward the run redeems and what the program says it costs.</summary>
internal sealed record CatalogueReward(string Id, long Cost);

/// <summary>
/// A write exactly as sent, so an unknown outcome can be retried byte for byte, and how to book its answer on the
/// member's ledger. The gateway applies an idempotency key at most once, so booking the answer to a retry is booking
/// the write once.
/// </summary>
internal abstract class PosWrite(LoadMember member, PosOperation operation, string path, byte[] body)
{
    public LoadMember Member { get; } = member;
    public PosOperation Operation { get; } = operation;
    public string Path { get; } = path;
    public byte[] Body { get; } = body;

    /// <summary>The problem slugs (on a 404 or 409) that mean the server rightly refused and nothing changed.</summary>
    protected abstract IReadOnlySet<string> RightfulRefusals { get; }

    public WriteSettlement Settle(ApiExchange exchange, AnswerAudit audit)
    {
        if (exchange.IsSuccess)
        {
            return TryBook(exchange, audit) ? WriteSettlement.Acknowledged : new(WriteOutcome.Unknown, $"unreadable {OperationMix.Name(Operation)} body");
        }

        var problem = exchange.Status is 404 or 409 ? exchange.Read<ProblemResponse>()?.Slug : null;
        if (problem is not null && RightfulRefusals.Contains(problem))
        {
            Refused(problem, audit);
            return new(WriteOutcome.Declined, Refusal: problem);
        }

        return new(WriteOutcome.Unknown, problem is null ? exchange.Describe() : $"{exchange.Describe()} {problem}");
    }

    protected static string MemberPath(LoadMember member, string rest) => $"/v1/members/{Uri.EscapeDataString(member.MemberId)}/{rest}";

    /// <summary>Books an acknowledged answer; false when the body is not the expected shape (nothing is booked then).</summary>
    protected abstract bool TryBook(ApiExchange exchange, AnswerAudit audit);

    protected virtual void Refused(string problem, AnswerAudit audit)
    {
    }
}

internal sealed class PurchaseWrite(LoadMember member, PurchaseRequest purchase, ReturnablePurchases? returnable)
    : PosWrite(member, PosOperation.Purchase, MemberPath(member, "purchases"), LoyaltyHttpClient.Serialize(purchase))
{
    protected override IReadOnlySet<string> RightfulRefusals { get; } = new HashSet<string>();

    protected override bool TryBook(ApiExchange exchange, AnswerAudit audit)
    {
        if (exchange.Read<PurchaseResponse>() is not { } answer)
        {
            return false;
        }

        if (answer.PointsEarned < 0)
        {
            audit.Contradiction($"purchase {purchase.IdempotencyKey} of member {Member.MemberId} earned {answer.PointsEarned} points");
        }

        Member.AcknowledgeEarned(answer.PointsEarned);
        returnable?.Add(new AcknowledgedPurchase(Member, purchase.IdempotencyKey, purchase.Lines, answer.PointsEarned));
        return true;
    }
}

internal sealed class RedemptionWrite(LoadMember member, RedemptionRequest redemption)
    : PosWrite(member, PosOperation.Redeem, MemberPath(member, "redemptions"), LoyaltyHttpClient.Serialize(redemption))
{
    protected override IReadOnlySet<string> RightfulRefusals { get; } = new HashSet<string> { "insufficient-points" };

    protected override bool TryBook(ApiExchange exchange, AnswerAudit audit)
    {
        if (exchange.Read<RedemptionResponse>() is not { } answer)
        {
            return false;
        }

        if (answer.PointsRedeemed != redemption.Points)
        {
            audit.Contradiction($"redemption {redemption.IdempotencyKey} of {redemption.Points} points was acknowledged as {answer.PointsRedeemed}");
        }

        Member.AcknowledgeRedeemed(answer.PointsRedeemed);
        return true;
    }
}

internal sealed class ReturnWrite(PlannedReturn planned, ReturnRequest request)
    : PosWrite(planned.Purchase.Member, PosOperation.Return, MemberPath(planned.Purchase.Member, "returns"), LoyaltyHttpClient.Serialize(request))
{
    // The generator never asks for more than is left of a purchase, so an over-return is the server disagreeing:
    // counted as the refusal it is, and reported as a contradiction too.
    protected override IReadOnlySet<string> RightfulRefusals { get; } = new HashSet<string> { "over-return" };

    protected override bool TryBook(ApiExchange exchange, AnswerAudit audit)
    {
        if (exchange.Read<ReturnResponse>() is not { } answer)
        {
            return false;
        }

        if (planned.Purchase.Acknowledge(answer.PointsReturned) is { } contradiction)
        {
            audit.Contradiction(contradiction);
        }

        Member.AcknowledgeReturned(answer.PointsReturned);
        return true;
    }

    protected override void Refused(string problem, AnswerAudit audit)
    {
        planned.Purchase.Refuse();
        audit.Contradiction($"return {request.IdempotencyKey} of purchase {request.OriginalIdempotencyKey} was refused as {problem}, "
            + "though it asked for no more than was left of the purchase");
    }
}

internal sealed class RewardWrite(LoadMember member, CatalogueReward reward, RewardRedemptionRequest request)
    : PosWrite(member, PosOperation.Reward, MemberPath(member, $"rewards/{Uri.EscapeDataString(reward.Id)}/redemption"), LoyaltyHttpClient.Serialize(request))
{
    // reward-not-found: the program version with the reward is not in force yet on the member's silo.
    protected override IReadOnlySet<string> RightfulRefusals { get; } =
        new HashSet<string> { "insufficient-points", "out-of-stock", "reward-limit-reached", "tier-required", "reward-not-found" };

    /// <summary>The code the acknowledged redemption issued.</summary>
    public IssuedCode? Code { get; private set; }

    protected override bool TryBook(ApiExchange exchange, AnswerAudit audit)
    {
        if (exchange.Read<RewardRedemptionResponse>() is not { } answer)
        {
            return false;
        }

        if (answer.PointsRedeemed != reward.Cost || answer.RewardId != reward.Id || string.IsNullOrWhiteSpace(answer.Code))
        {
            audit.Contradiction($"reward redemption {request.IdempotencyKey} of {reward.Id} ({reward.Cost} points) was acknowledged "
                + $"as {answer.RewardId} for {answer.PointsRedeemed} points with code '{answer.Code}'");
        }

        Member.AcknowledgeRewardRedeemed(answer.PointsRedeemed);
        Code = new IssuedCode(answer.Code, Member, answer.RewardId);
        audit.CodeIssued();
        return true;
    }
}
