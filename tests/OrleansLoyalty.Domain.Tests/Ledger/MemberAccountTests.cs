using OrleansLoyalty.Domain.Ledger;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Ledger;

public sealed class MemberAccountTests
{
    [Fact]
    public void New_account_is_empty_and_not_enrolled()
    {
        var account = new MemberAccount();

        Assert.False(account.IsEnrolled);
        Assert.Equal(0, account.Version);
        Assert.Equal(0, account.PointsBalance);
        Assert.Empty(account.Entries);
    }

    [Fact]
    public void Enrolment_records_the_member_without_a_statement_line()
    {
        var enrolled = Enrolled(T0);

        var account = AccountWith(enrolled);

        Assert.True(account.IsEnrolled);
        Assert.Same(enrolled, account.Enrolment);
        Assert.Equal(1, account.Version);
        Assert.Empty(account.Entries);
    }

    [Fact]
    public void Earn_redeem_and_adjust_build_balance_and_statement()
    {
        var account = AccountWith(
            Enrolled(T0),
            Earned("buy-1", 120, T0.AddHours(1)),
            Redeemed("redeem-1", 50, T0.AddHours(2)),
            Adjusted("fix-1", -20, T0.AddHours(3)),
            Adjusted("fix-2", 5, T0.AddHours(4)));

        Assert.Equal(55, account.PointsBalance);
        Assert.Equal(5, account.Version);
        Assert.Collection(
            account.Entries,
            e => Assert.Equal((2, LedgerEntryType.Earn, 120L, 120L, "buy-1"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)),
            e => Assert.Equal((3, LedgerEntryType.Redeem, -50L, 70L, "redeem-1"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)),
            e => Assert.Equal((4, LedgerEntryType.Adjust, -20L, 50L, "fix-1"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)),
            e => Assert.Equal((5, LedgerEntryType.Adjust, 5L, 55L, "fix-2"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)));
    }

    [Fact]
    public void Earn_line_is_dated_by_the_purchase_and_describes_it()
    {
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 42, occurredAt: T0.AddHours(1), recordedAt: T0.AddHours(5)));

        var entry = Assert.Single(account.Entries);
        Assert.Equal(T0.AddHours(1), entry.OccurredAt);
        Assert.Equal(T0.AddHours(5), entry.RecordedAt);
        Assert.Equal("purchase 42.50 EUR via pos at store-7", entry.Description);
    }

    [Fact]
    public void Check_tells_new_replayed_and_conflicting_commands_apart()
    {
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 42, T0));

        Assert.Equal(IdempotencyCheck.Replay, account.Check("buy-1", "fp-buy-1"));
        Assert.Equal(IdempotencyCheck.Conflict, account.Check("buy-1", "fp-something-else"));
        Assert.Equal(IdempotencyCheck.New, account.Check("buy-2", "fp-buy-1"));
    }

    [Fact]
    public void Replayed_command_finds_its_original_entry()
    {
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 42, T0), Earned("buy-2", 8, T0));

        var original = account.FindEntry("buy-1");

        Assert.NotNull(original);
        Assert.Equal((42L, 42L), (original.Points, original.BalanceAfter));
        Assert.Null(account.FindEntry("buy-3"));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    [InlineData(0, false)]
    [InlineData(-5, false)]
    public void Redemption_needs_a_positive_amount_within_the_balance(long points, bool allowed)
    {
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 100, T0));

        Assert.Equal(allowed, account.CanRedeem(points));
    }

    [Fact]
    public void Copy_is_independent_of_the_original()
    {
        var original = AccountWith(Enrolled(T0), Earned("buy-1", 100, T0));

        var copy = original.Copy();
        copy.Apply(Redeemed("redeem-1", 30, T0.AddHours(1)));

        Assert.Equal((2, 100L), (original.Version, original.PointsBalance));
        Assert.Single(original.Entries);
        Assert.Equal(IdempotencyCheck.New, original.Check("redeem-1", "fp-redeem-1"));
        Assert.Equal((3, 70L), (copy.Version, copy.PointsBalance));
        Assert.Equal(2, copy.Entries.Count);
        Assert.Equal(IdempotencyCheck.Replay, copy.Check("redeem-1", "fp-redeem-1"));
    }

    [Fact]
    public void Copy_carries_the_full_state()
    {
        var original = AccountWith(Enrolled(T0), Earned("buy-1", 1_200, T0));

        var copy = original.Copy();

        Assert.Equal(
            (original.Version, original.Enrolment, original.PointsBalance, original.Tier),
            (copy.Version, copy.Enrolment, copy.PointsBalance, copy.Tier));
        Assert.Equal(original.Entries, copy.Entries);
        Assert.Equal(IdempotencyCheck.Replay, copy.Check("buy-1", "fp-buy-1"));
    }
}
