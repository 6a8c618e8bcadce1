using System.Globalization;

namespace OrleansLoyalty.Domain.Challenges;

/// <summary>
/// Targets and progress of challenges, from the member's own activity: plain functions of the history, so a target is the
/// same whenever it is computed (it only reads what happened before the challenge started).
/// </summary>
public static class ChallengeTargets
{
    public static ChallengeStanding Standing(ChallengeDefinition challenge, IReadOnlyList<ChallengeActivity> history)
    {
        var (target, reason) = Target(challenge, history);
        return new ChallengeStanding(challenge, target, reason, Measure(challenge.Goal, history.Where(a => a.OccurredAt >= challenge.From && a.OccurredAt < challenge.To)));
    }

    public static (decimal Target, string Reason) Target(ChallengeDefinition challenge, IReadOnlyList<ChallengeActivity> history)
    {
        if (challenge.Personal is not { } personal) return (challenge.FixedTarget ?? 1, "the same target for every member");
        var before = history.Where(a => a.OccurredAt >= challenge.From.AddDays(-personal.LookbackDays) && a.OccurredAt < challenge.From).ToList();
        var measured = Measure(challenge.Goal, before);
        var what = Describe(challenge.Goal);
        if (measured == 0) return (Round(challenge.Goal, personal.Min), $"no {what} in the {personal.LookbackDays} days before it started: the program's starting target");
        var windowDays = (decimal)(challenge.To - challenge.From).TotalDays;
        // Distinct categories do not add up over time like purchases and spend: the usual is the number seen in the lookback.
        var usual = challenge.Goal == ChallengeGoals.Categories ? measured : measured * windowDays / personal.LookbackDays;
        var target = Math.Clamp(Round(challenge.Goal, usual * personal.Factor), personal.Min, personal.Max);
        var percent = ((personal.Factor - 1) * 100).ToString("0", CultureInfo.InvariantCulture);
        return (target, $"you usually reach {Format(challenge.Goal, usual)} {what} in a period this long (the {personal.LookbackDays} days before it started); "
            + $"your target is {percent}% more, within the program's {Format(challenge.Goal, personal.Min)} to {Format(challenge.Goal, personal.Max)}");
    }

    private static decimal Measure(string goal, IEnumerable<ChallengeActivity> activity) => goal switch
    {
        ChallengeGoals.Spend => activity.Where(a => !a.IsAppSession).Sum(a => a.NetAmount),
        ChallengeGoals.Categories => activity.Where(a => !a.IsAppSession).SelectMany(a => a.Categories).Distinct(StringComparer.Ordinal).Count(),
        ChallengeGoals.AppSessions => activity.Count(a => a.IsAppSession),
        _ => activity.Count(a => !a.IsAppSession),
    };

    /// <summary>Counts are whole (a target of 2.2 purchases is 3); money keeps its cents.</summary>
    private static decimal Round(string goal, decimal value) => goal == ChallengeGoals.Spend ? decimal.Ceiling(value * 100) / 100 : decimal.Ceiling(value);

    private static string Describe(string goal) => goal switch
    {
        ChallengeGoals.Spend => "spend",
        ChallengeGoals.Categories => "categories",
        ChallengeGoals.AppSessions => "app sessions",
        _ => "purchases",
    };

    private static string Format(string goal, decimal value) =>
        goal == ChallengeGoals.Spend ? value.ToString("0.00", CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture);
}
