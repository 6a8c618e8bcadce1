using OrleansLoyalty.Domain.Challenges;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Tiers;
using OrleansLoyalty.Grains.LoyaltyProgram;

namespace OrleansLoyalty.Grains.Members;

/// <summary>Challenges: targets and progress from the member's own purchases, a reached one rewarded once by the scheduler.</summary>
public sealed partial class MemberGrain
{
    /// <summary>Challenges that ended longer ago than this are no longer checked (a late check still rewards a reached one).</summary>
    private static readonly TimeSpan ChallengeCheckGrace = TimeSpan.FromDays(30);

    /// <summary>Rewards every challenge the member reached and was not rewarded for; throws when a write failed, so the item runs again.</summary>
    private async Task RewardReachedChallenges()
    {
        var program = await currentProgram.Get();
        var now = time.GetUtcNow();
        var history = await ChallengeHistory(program);
        foreach (var challenge in program.Definition.Challenges.Where(c => c.From <= now && c.To > now - ChallengeCheckGrace))
        {
            if (Account.CompletedChallenges.Contains(challenge.Id)) continue;
            var standing = ChallengeTargets.Standing(challenge, history);
            if (!standing.Reached) continue;
            await WriteDueEvent(
                () => Account.CompletedChallenges.Contains(challenge.Id) ? null
                    : new ChallengeCompleted(time.GetUtcNow(), challenge.Id, challenge.Name, standing.Target, standing.Progress, challenge.RewardPoints,
                        PointsExpiry.ExpiresAt(program.Definition.Expiry, time.GetUtcNow(), program.TierOf(Account.Tier)), program.Version),
                $"the reward of challenge {challenge.Id}");
        }
    }

    private async Task<IReadOnlyList<ChallengeView>> ChallengesNow(RunningProgram program, DateTimeOffset now)
    {
        var shown = program.Definition.Challenges.Where(c => (c.From <= now && now < c.To) || Account.CompletedChallenges.Contains(c.Id)).ToList();
        if (shown.Count == 0) return [];
        var history = await ChallengeHistory(program);
        return [.. shown.Select(c => ChallengeTargets.Standing(c, history)).Select(s => new ChallengeView(
            s.Challenge.Id, s.Challenge.Name, s.Challenge.Goal, s.Target, s.Progress, s.Reason, Account.CompletedChallenges.Contains(s.Challenge.Id),
            s.Challenge.RewardPoints, s.Challenge.From, s.Challenge.To))];
    }

    /// <summary>
    /// The member's own purchases (not partners'), each net of what was returned of it, and, when an app-session challenge
    /// runs, their app sessions since the earliest lookback it needs (read from the behaviour events, only then).
    /// </summary>
    private async Task<IReadOnlyList<ChallengeActivity>> ChallengeHistory(RunningProgram program)
    {
        var activity = (await Purchases()).Where(p => p.PartnerId is null).Select(p => new ChallengeActivity(
            p.OccurredAt,
            p.Amount - (Account.Returns.GetValueOrDefault(p.IdempotencyKey)?.Amount ?? 0),
            [.. p.Items.Select(i => i.Category).OfType<string>().Distinct(StringComparer.Ordinal)])).ToList();
        var sessions = program.Definition.Challenges.Where(c => c.Goal == ChallengeGoals.AppSessions).ToList();
        if (sessions.Count > 0)
        {
            var since = sessions.Min(c => c.From.AddDays(-(c.Personal?.LookbackDays ?? 0)));
            activity.AddRange((await behaviour.AppOpens(MemberId, since)).Select(ChallengeActivity.AppSession));
        }
        return activity;
    }
}
