namespace OrleansLoyalty.Domain.Challenges;

/// <summary>What a challenge counts over its window.</summary>
public static class ChallengeGoals
{
    /// <summary>Purchases made (the brand's own, not partners').</summary>
    public const string Purchases = "purchases";

    /// <summary>Money spent, net of returns.</summary>
    public const string Spend = "spend";

    /// <summary>Distinct categories bought from.</summary>
    public const string Categories = "categories";

    /// <summary>Times the member opened the app (app_open events, POST /v1/events).</summary>
    public const string AppSessions = "app-sessions";

    public static readonly IReadOnlyList<string> All = [Purchases, Spend, Categories, AppSessions];
}

/// <summary>
/// A personal target: the member's own usual amount of the goal over a window as long as the challenge's (measured over
/// the <see cref="LookbackDays"/> before it starts), times <see cref="Factor"/>, rounded up and kept within
/// <see cref="Min"/> and <see cref="Max"/>: reachable, but more than they would do anyway.
/// </summary>
public sealed record PersonalTarget(decimal Factor, int LookbackDays, decimal Min, decimal Max);

/// <summary>
/// A challenge of the program: reach the goal between <see cref="From"/> (inclusive) and <see cref="To"/> (exclusive) and
/// earn <see cref="RewardPoints"/> once. The target is <see cref="FixedTarget"/> for everyone, or personal.
/// </summary>
public sealed record ChallengeDefinition(string Id, string Name, string Goal, DateTimeOffset From, DateTimeOffset To, decimal? FixedTarget, PersonalTarget? Personal, long RewardPoints);

/// <summary>
/// What counts for challenges: one of the brand's own purchases (when, what was paid net of returns, which categories), or an
/// app session (<see cref="IsAppSession"/>).
/// </summary>
public sealed record ChallengeActivity(DateTimeOffset OccurredAt, decimal NetAmount, IReadOnlyList<string> Categories, bool IsAppSession = false)
{
    public static ChallengeActivity AppSession(DateTimeOffset at) => new(at, 0, [], IsAppSession: true);
}

/// <summary>A member's standing in a challenge: the target and why, and how far they are.</summary>
public sealed record ChallengeStanding(ChallengeDefinition Challenge, decimal Target, string Reason, decimal Progress)
{
    public bool Reached => Progress >= Target;
}
