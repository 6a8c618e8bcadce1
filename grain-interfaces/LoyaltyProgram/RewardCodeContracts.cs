namespace OrleansLoyalty.GrainInterfaces.LoyaltyProgram;

public enum CodeConsumptionOutcome
{
    Consumed,
    NotFound,
    AlreadyUsed,
    Expired,
}

[GenerateSerializer, Immutable, Alias("OrleansLoyalty.CodeConsumption")]
public sealed record CodeConsumption(
    [property: Id(0)] CodeConsumptionOutcome Outcome,
    [property: Id(1)] string Code,
    [property: Id(2)] string? RewardId,
    [property: Id(3)] string? MemberId,
    [property: Id(4)] DateTimeOffset? ConsumedAt,
    [property: Id(5)] DateTimeOffset? ExpiresAt);

/// <summary>Reward codes at the till: consumed once, from any silo (the row in PostgreSQL decides).</summary>
[Alias("OrleansLoyalty.IRewardCodesGrain")]
public interface IRewardCodesGrain : IGrainWithIntegerKey
{
    [Alias("Consume")]
    Task<CodeConsumption> Consume(string code, string consumedBy);
}
