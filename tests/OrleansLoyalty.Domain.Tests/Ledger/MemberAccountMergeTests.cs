using System.Text.Json;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Members;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Ledger;

/// <summary>How an account folds merges: exact sums, earns that keep their origin, own points spent first, undo and restore.</summary>
public sealed class MemberAccountMergeTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Identifier AbsorbedEmail = new(IdentifierType.Email, "bob@example.com");

    [Fact]
    public void The_survivor_takes_the_exact_balance_the_earns_with_their_origin_the_keys_and_the_identifiers()
    {
        var absorbed = AccountWith(Enrolled(T0), Earned("a-1", 700, T0.AddDays(1)), Redeemed("a-2", 100, T0.AddDays(2)));
        var survivor = AccountWith(Enrolled(T0), Earned("s-1", 500, T0.AddDays(1)));

        survivor.Apply(Applied("g1", "mA", absorbed, T0.AddDays(3)));

        Assert.Equal(1_100, survivor.PointsBalance);
        Assert.Equal(1_200, survivor.QualifyingPoints(T0.AddDays(3)));
        Assert.Contains(survivor.QualifyingEarns, e => e is { Points: 700, Origin: "mA" });
        Assert.Contains(survivor.QualifyingEarns, e => e is { Points: 500, Origin: null });
        Assert.Equal("silver", survivor.Tier);
        Assert.Equal(IdempotencyCheck.Replay, survivor.Check("a-1", "fp-a-1"));
        Assert.Equal(IdempotencyCheck.Conflict, survivor.Check("a-1", "fp-other"));
        Assert.True(survivor.Owns(AbsorbedEmail));
        Assert.Equal(["mA"], survivor.AbsorbedMembers);
        Assert.Equal((LedgerEntryType.MergeIn, 600L, 1_100L), (survivor.LastEntry!.Type, survivor.LastEntry.Points, survivor.LastEntry.BalanceAfter));
    }

    [Fact]
    public void The_absorbed_member_becomes_a_tombstone_with_nothing_left()
    {
        var absorbed = AccountWith(Enrolled(T0), Earned("a-1", 70, T0.AddDays(1)), new MergeClosing(T0.AddDays(2), "g1", "mS"));
        Assert.Equal("g1", absorbed.ClosingMerge);

        absorbed.Apply(new MergedAway(T0.AddDays(2), "g1", "mS", 70));

        Assert.Equal(("mS", 0L, (string?)null), (absorbed.MergedInto, absorbed.PointsBalance, absorbed.ClosingMerge));
        Assert.Empty(absorbed.Identifiers);
        Assert.Equal((LedgerEntryType.MergeOut, -70L), (absorbed.LastEntry!.Type, absorbed.LastEntry.Points));
    }

    [Fact]
    public void A_merged_tier_is_the_highest_either_member_held_or_the_sum_reaches()
    {
        var gold = AccountWith(Enrolled(T0), Earned("a-1", 5_000, T0.AddDays(1)));
        var survivor = AccountWith(Enrolled(T0), Earned("s-1", 10, T0.AddDays(1)));

        survivor.Apply(Applied("g1", "mA", gold, T0.AddDays(2)));

        Assert.Equal("gold", survivor.Tier);
    }

    [Fact]
    public void Spending_after_a_merge_takes_the_survivors_own_points_first_so_an_undo_returns_what_is_left_of_the_brought_points()
    {
        var absorbed = AccountWith(Enrolled(T0), Earned("a-1", 100, T0.AddDays(1)));
        var survivor = AccountWith(Enrolled(T0), Earned("s-1", 50, T0.AddDays(1)));
        survivor.Apply(Applied("g1", "mA", absorbed, T0.AddDays(2)));

        survivor.Apply(Redeemed("s-2", 120, T0.AddDays(3)));
        survivor.Apply(Earned("s-3", 200, T0.AddDays(4)));

        Assert.Equal(30, survivor.Merges.Single().UnspentPoints);
        survivor.Apply(new MergeUndone(T0.AddDays(5), "g1", "mA", 30, [AbsorbedEmail], "ops"));
        Assert.Equal(200, survivor.PointsBalance);
        Assert.DoesNotContain(survivor.QualifyingEarns, e => e.Origin == "mA");
        Assert.False(survivor.Owns(AbsorbedEmail));
        Assert.Empty(survivor.Merges);
        Assert.Equal("member", survivor.Tier);
    }

    [Fact]
    public void A_restored_member_is_a_member_again_with_what_it_got_back()
    {
        var absorbed = AccountWith(Enrolled(T0), Earned("a-1", 100, T0.AddDays(1)), new MergeClosing(T0.AddDays(2), "g1", "mS"), new MergedAway(T0.AddDays(2), "g1", "mS", 100));

        absorbed.Apply(new MemberRestored(T0.AddDays(5), "g1", "mS", 30, [new QualifyingEarn(T0.AddDays(1), 100)],
            [new IdentifierLink(AbsorbedEmail, true, "enrolment", T0)], "ops"));

        Assert.Equal(((string?)null, 30L), (absorbed.MergedInto, absorbed.PointsBalance));
        Assert.True(absorbed.Owns(AbsorbedEmail));
        Assert.Equal(100, absorbed.QualifyingPoints(T0.AddDays(5)));
        Assert.Equal(IdempotencyCheck.Replay, absorbed.Check("a-1", "fp-a-1"));
    }

    [Fact]
    public void An_undo_gives_back_the_brought_lots_with_their_expiry_and_the_survivor_keeps_its_own()
    {
        var expiring = T0.AddMonths(6);
        var absorbed = AccountWith(Enrolled(T0), Earned("a-1", 100, T0.AddDays(1)) with { ExpiresAt = expiring });
        var applied = Applied("g1", "mA", absorbed, T0.AddDays(2));
        var survivor = AccountWith(Enrolled(T0), Earned("s-1", 50, T0.AddDays(1)), applied with { Brought = applied.Brought with { Lots = [.. absorbed.Lots.All] } });

        var back = survivor.Lots.Copy().Withdraw(100, ["mA"]);
        survivor.Apply(new MergeUndone(T0.AddDays(5), "g1", "mA", 100, [AbsorbedEmail], "ops"));
        var restored = AccountWith(Enrolled(T0), Earned("a-1", 100, T0.AddDays(1)) with { ExpiresAt = expiring }, new MergedAway(T0.AddDays(2), "g1", "mS", 100));
        restored.Apply(new MemberRestored(T0.AddDays(5), "g1", "mS", 100, [], [], "ops") { Lots = [.. back.Select(l => l with { Origin = null })] });

        Assert.Equal(50, survivor.PointsBalance);
        Assert.Equal([(expiring, 100L, (string?)null)], restored.Lots.All.Select(l => (l.ExpiresAt, l.Remaining, l.Origin)));
        Assert.Equal(100, restored.Lots.ExpiringWithin(T0.AddDays(5), 200));
    }

    [Fact]
    public void A_snapshot_keeps_merges_identifiers_and_tombstones()
    {
        var absorbed = AccountWith(Enrolled(T0), Earned("a-1", 100, T0.AddDays(1)));
        var survivor = AccountWith(Enrolled(T0), Earned("s-1", 50, T0.AddDays(1)), Applied("g1", "mA", absorbed, T0.AddDays(2)), Redeemed("s-2", 60, T0.AddDays(3)));

        var restored = MemberAccount.FromSnapshot(JsonSerializer.Deserialize<MemberAccountSnapshot>(JsonSerializer.Serialize(survivor.ToSnapshot(), Json), Json)!);

        Assert.Equal(JsonSerializer.Serialize(survivor.ToSnapshot(), Json), JsonSerializer.Serialize(restored.ToSnapshot(), Json));
        Assert.Equal(90, restored.Merges.Single().UnspentPoints);
        Assert.True(restored.Owns(AbsorbedEmail));
    }

    private static MergeApplied Applied(string mergeId, string absorbedId, MemberAccount absorbed, DateTimeOffset at) => new(
        at,
        mergeId,
        absorbedId,
        new MergedMember(absorbed.PointsBalance, absorbed.Tier, absorbed.QualifyingEarns, absorbed.RememberedKeys,
            [new IdentifierLink(AbsorbedEmail, false, "enrolment", T0)], new MemberProfile("Bob", null, null, null), [.. absorbed.AbsorbedMembers]),
        "duplicate",
        "ops");
}
