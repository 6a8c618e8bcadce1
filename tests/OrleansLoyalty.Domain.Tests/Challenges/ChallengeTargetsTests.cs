using OrleansLoyalty.Domain.Challenges;
using OrleansLoyalty.Domain.Ledger;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Challenges;

/// <summary>Personal targets from the member's own history: reachable but demanding, explained, the same whenever computed.</summary>
public sealed class ChallengeTargetsTests
{
    private static readonly DateTimeOffset December = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static ChallengeDefinition Challenge(string goal, PersonalTarget? personal = null, decimal? fixedTarget = null) =>
        new("december", "December", goal, December, December.AddDays(30), fixedTarget, personal, 300);

    private static ChallengeActivity Bought(DateTimeOffset at, decimal amount = 20, params string[] categories) => new(at, amount, categories);

    [Fact]
    public void A_member_with_six_purchases_in_ninety_days_gets_a_quarter_more_than_the_two_of_a_usual_month()
    {
        var history = Enumerable.Range(1, 6).Select(i => Bought(December.AddDays(-i * 14))).ToList();

        var (target, reason) = ChallengeTargets.Target(Challenge(ChallengeGoals.Purchases, new PersonalTarget(1.25m, 90, 2, 10)), history);

        // 6 in 90 days is 2 in 30; 2 × 1.25 = 2.5, rounded up to whole purchases.
        Assert.Equal(3m, target);
        Assert.Contains("usually reach 2 purchases", reason);
        Assert.Contains("25% more", reason);
    }

    [Fact]
    public void Without_history_the_target_is_the_programs_minimum_and_a_busy_member_is_capped_at_the_maximum()
    {
        var challenge = Challenge(ChallengeGoals.Purchases, new PersonalTarget(1.25m, 90, 2, 8));
        var busy = Enumerable.Range(1, 80).Select(i => Bought(December.AddDays(-i))).ToList();

        Assert.Equal(2m, ChallengeTargets.Target(challenge, []).Target);
        Assert.StartsWith("no purchases", ChallengeTargets.Target(challenge, []).Reason);
        Assert.Equal(8m, ChallengeTargets.Target(challenge, busy).Target);
    }

    [Fact]
    public void Progress_counts_only_the_window_spend_is_net_of_returns_and_categories_are_distinct()
    {
        var history = new[]
        {
            Bought(December.AddDays(-1), 500, "shoes"),
            Bought(December.AddDays(2), 30.5m, "shoes", "bags"),
            Bought(December.AddDays(9), 10, "bags"),
            Bought(December.AddDays(30), 999, "hats"),
        };

        Assert.Equal(2m, ChallengeTargets.Standing(Challenge(ChallengeGoals.Purchases, fixedTarget: 2), history).Progress);
        Assert.True(ChallengeTargets.Standing(Challenge(ChallengeGoals.Purchases, fixedTarget: 2), history).Reached);
        Assert.Equal(40.5m, ChallengeTargets.Standing(Challenge(ChallengeGoals.Spend, fixedTarget: 50), history).Progress);
        Assert.Equal(2m, ChallengeTargets.Standing(Challenge(ChallengeGoals.Categories, fixedTarget: 3), history).Progress);
    }

    [Fact]
    public void A_spend_target_keeps_its_cents_and_a_category_target_is_not_scaled_by_time()
    {
        var history = new[] { Bought(December.AddDays(-10), 33.33m, "a", "b"), Bought(December.AddDays(-50), 33.33m, "c") };

        Assert.Equal(27.78m, ChallengeTargets.Target(Challenge(ChallengeGoals.Spend, new PersonalTarget(1.25m, 90, 10, 500)), history).Target);
        Assert.Equal(4m, ChallengeTargets.Target(Challenge(ChallengeGoals.Categories, new PersonalTarget(1.25m, 90, 1, 10)), history).Target);
    }

    [Fact]
    public void A_completed_challenge_is_a_lot_of_its_own_and_is_remembered_once()
    {
        var account = AccountWith(Enrolled(December), Earned("p1", 10, December.AddDays(1)),
            new ChallengeCompleted(December.AddDays(1), "december", "December", 2, 2, 300, null, 3));

        Assert.Equal(310, account.PointsBalance);
        Assert.Contains("december", account.CompletedChallenges);
        Assert.Equal((LedgerEntryType.Challenge, 300L), (account.LastEntry!.Type, account.LastEntry.Points));
        Assert.Equal(["december"], MemberAccount.FromSnapshot(account.ToSnapshot()).CompletedChallenges);
    }
}

public sealed class AppSessionChallengeTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void App_sessions_count_only_app_opens_and_purchases_count_only_purchases()
    {
        var challenge = new ChallengeDefinition("app", "App", ChallengeGoals.AppSessions, Start, Start.AddDays(7), null, new PersonalTarget(1.5m, 28, 2, 20), 50);
        ChallengeActivity[] history =
        [
            .. Enumerable.Range(1, 8).Select(i => ChallengeActivity.AppSession(Start.AddDays(-i * 3))),
            new(Start.AddDays(-2), 40, ["shoes"]),
            ChallengeActivity.AppSession(Start.AddHours(5)),
            new(Start.AddDays(1), 40, ["shoes"]),
        ];

        var standing = ChallengeTargets.Standing(challenge, history);

        // 8 sessions in 28 days is 2 a week; half again is 3.
        Assert.Equal((3m, 1m), (standing.Target, standing.Progress));
        Assert.Contains("app sessions", standing.Reason);
        Assert.Equal(1m, ChallengeTargets.Standing(challenge with { Goal = ChallengeGoals.Purchases }, history).Progress);
        Assert.StartsWith("no app sessions", ChallengeTargets.Target(challenge, [new(Start.AddDays(-2), 40, ["shoes"])]).Reason);
    }
}
