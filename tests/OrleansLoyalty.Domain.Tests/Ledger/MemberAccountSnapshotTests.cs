using System.Text.Json;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.Personalization;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Ledger;

public sealed class MemberAccountSnapshotTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_snapshot_plus_the_tail_folds_to_the_same_account_as_the_whole_stream(int seed)
    {
        var random = new Random(seed);
        for (var history = 0; history < 40; history++)
        {
            var stream = RandomHistory(random, random.Next(1, 1_500));
            var whole = AccountWith([.. stream]);
            var cut = random.Next(1, stream.Count + 1);

            // Stored and read back as JSON, as member_snapshots holds it.
            var stored = JsonSerializer.Deserialize<MemberAccountSnapshot>(JsonSerializer.Serialize(AccountWith([.. stream.Take(cut)]).ToSnapshot(), Json), Json)!;
            var resumed = MemberAccount.FromSnapshot(stored);
            foreach (var @event in stream.Skip(cut)) resumed.Apply(@event);

            Assert.Equal(JsonSerializer.Serialize(whole.ToSnapshot(), Json), JsonSerializer.Serialize(resumed.ToSnapshot(), Json));
        }
    }

    [Fact]
    public void Memory_holds_the_keys_of_the_retry_window_and_at_most_a_bounded_number()
    {
        var stream = new List<MemberEvent> { Enrolled(T0), Earned("old", 10, T0) };
        stream.AddRange(Enumerable.Range(0, 10).Select(i => (MemberEvent)Earned($"late-{i}", 1, T0.AddDays(40).AddMinutes(i))));
        var account = AccountWith([.. stream]);

        Assert.Equal(IdempotencyCheck.New, account.Check("old", "fp-old"));
        Assert.Equal(IdempotencyCheck.Replay, account.Check("late-3", "fp-late-3"));

        var busy = AccountWith([Enrolled(T0), .. Enumerable.Range(0, MemberAccount.MaxRememberedKeys + 50).Select(i => Earned($"k-{i}", 1, T0.AddSeconds(i)))]);
        Assert.Equal(MemberAccount.MaxRememberedKeys, busy.ToSnapshot().Keys.Count);
        Assert.Equal(IdempotencyCheck.New, busy.Check("k-0", "fp-k-0"));
        Assert.Equal(IdempotencyCheck.Replay, busy.Check($"k-{MemberAccount.MaxRememberedKeys + 49}", $"fp-k-{MemberAccount.MaxRememberedKeys + 49}"));
    }

    [Fact]
    public void A_member_with_thousands_of_purchases_holds_a_bounded_number_of_earns_and_the_same_qualifying_points()
    {
        MemberEvent[] stream = [Enrolled(T0), .. Enumerable.Range(0, 5_000).Select(i => Earned($"b{i}", 3, T0.AddHours(i + 1)))];
        var now = T0.AddHours(5_001);

        var account = AccountWith(stream);

        Assert.InRange(account.ToSnapshot().Earns.Count, 1, 400 + 3 * MemberAccount.MaxSeparateEarns);
        // 5,000 hours is under a year: every purchase still counts, merged by day or not.
        Assert.Equal(15_000, account.QualifyingPoints(now));
        Assert.Equal("gold", account.Tier);
    }

    [Fact]
    public void A_key_recalled_from_the_store_is_answered_like_a_remembered_one()
    {
        var account = AccountWith(Enrolled(T0), Earned("old", 10, T0), Earned("late", 1, T0.AddDays(40)));
        var original = LedgerStatement.At([Enrolled(T0), Earned("old", 10, T0)], 2)!;

        account.Remember("old", new KeyUse(2, PointsEarned.Kind, "fp-old"), original, T0);

        Assert.Equal(IdempotencyCheck.Replay, account.Check("old", "fp-old"));
        Assert.Equal((10L, 10L), (account.FindEntry("old")!.Points, account.FindEntry("old")!.BalanceAfter));
    }

    [Fact]
    public void The_statement_pages_newest_first_in_bounded_memory()
    {
        MemberEvent[] stream = [Enrolled(T0), .. Enumerable.Range(1, 7).Select(i => Earned($"b{i}", i, T0.AddHours(i)))];

        var (first, more) = LedgerStatement.Page(stream, before: null, limit: 3);
        var (second, _) = LedgerStatement.Page(stream, before: first[^1].Sequence, limit: 3);
        var (last, none) = LedgerStatement.Page(stream, before: second[^1].Sequence, limit: 3);

        Assert.Equal([8, 7, 6], first.Select(e => e.Sequence));
        Assert.True(more);
        Assert.Equal([5, 4, 3], second.Select(e => e.Sequence));
        Assert.Equal([2], last.Select(e => e.Sequence));
        Assert.False(none);
        Assert.Equal(28L, first[0].BalanceAfter);
    }

    /// <summary>Purchases (some back-dated, some large enough to move the tier), redemptions, adjustments and offers, over years.</summary>
    private static List<MemberEvent> RandomHistory(Random random, int length)
    {
        var stream = new List<MemberEvent> { Enrolled(T0) };
        var at = T0;
        long balance = 0;
        var offer = new Offer("welcome:2025-03", OfferKind.Welcome, "Welcome", 5, T0, T0.AddYears(10), ["new member"]);
        for (var i = 0; i < length; i++)
        {
            at = at.AddMinutes(random.Next(1, 60 * 24 * 10));
            var key = $"k{i}";
            switch (random.Next(10))
            {
                case < 6:
                    var points = random.Next(0, random.Next(5) == 0 ? 3_000 : 80);
                    balance += points;
                    stream.Add(Earned(key, points, occurredAt: at.AddDays(-random.Next(0, 500)), recordedAt: at) with { Cashback = [new("tier:member", points / 100m)] });
                    break;
                case 6 when balance > 0:
                    var redeem = random.Next(1, (int)Math.Min(balance, 500) + 1);
                    balance -= redeem;
                    stream.Add(Redeemed(key, redeem, at));
                    break;
                case 7:
                    stream.Add(Adjusted(key, random.Next(1, 20), at));
                    balance += ((PointsAdjusted)stream[^1]).Points;
                    break;
                case 8 when stream.OfType<OfferActivated>().Any() is false:
                    stream.Add(new OfferActivated(at, key, offer));
                    break;
                case 8 when stream.OfType<MembershipStarted>().Any() is false:
                    stream.Add(new MembershipStarted(at, key, "fp-" + key, "plus", "Plus", at, at.AddMonths(1), 4.99m, "EUR", false));
                    break;
                default:
                    stream.Add(Earned(key, 1, occurredAt: at, recordedAt: at));
                    balance += 1;
                    break;
            }
        }
        return stream;
    }
}
