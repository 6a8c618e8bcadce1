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
        Assert.Null(account.LastEntry);
    }

    [Fact]
    public void Enrolment_records_the_member_without_a_statement_line()
    {
        var enrolled = Enrolled(T0);

        var account = AccountWith(enrolled);

        Assert.True(account.IsEnrolled);
        Assert.Same(enrolled, account.Enrolment);
        Assert.Equal(1, account.Version);
        Assert.Empty(LedgerStatement.All([enrolled]));
    }

    [Fact]
    public void Earn_redeem_and_adjust_build_balance_and_statement()
    {
        MemberEvent[] stream =
        [
            Enrolled(T0),
            Earned("buy-1", 120, T0.AddHours(1)),
            Redeemed("redeem-1", 50, T0.AddHours(2)),
            Adjusted("fix-1", -20, T0.AddHours(3)),
            Adjusted("fix-2", 5, T0.AddHours(4)),
        ];
        var account = AccountWith(stream);

        Assert.Equal(55, account.PointsBalance);
        Assert.Equal(5, account.Version);
        Assert.Collection(
            LedgerStatement.All(stream),
            e => Assert.Equal((2, LedgerEntryType.Earn, 120L, 120L, "buy-1"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)),
            e => Assert.Equal((3, LedgerEntryType.Redeem, -50L, 70L, "redeem-1"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)),
            e => Assert.Equal((4, LedgerEntryType.Adjust, -20L, 50L, "fix-1"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)),
            e => Assert.Equal((5, LedgerEntryType.Adjust, 5L, 55L, "fix-2"), (e.Sequence, e.Type, e.Points, e.BalanceAfter, e.IdempotencyKey)));
    }

    [Fact]
    public void Earn_line_is_dated_by_the_purchase_and_describes_it()
    {
        var entry = Assert.Single(LedgerStatement.All([Enrolled(T0), Earned("buy-1", 42, occurredAt: T0.AddHours(1), recordedAt: T0.AddHours(5))]));
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
    public void One_key_space_covers_enrolment_ledger_commands_and_offers()
    {
        var offer = new OrleansLoyalty.Domain.Personalization.Offer(
            "welcome:2025-03", OrleansLoyalty.Domain.Personalization.OfferKind.Welcome, "Welcome", 5, T0, T0.AddDays(30), ["new member"]);
        var account = AccountWith(Enrolled(T0), Earned("buy-1", 100, T0), new OfferActivated(T0.AddHours(1), "take-offer", offer));

        // The enrolment's key reused on a purchase is a different request, not a new one.
        Assert.Equal(IdempotencyCheck.Conflict, account.Check("enrol-1", "fp-buy-2"));
        Assert.Equal(IdempotencyCheck.Replay, account.Check("enrol-1", "fp-enrol-1"));
        Assert.Equal(IdempotencyCheck.Conflict, account.Check("take-offer", "fp-redeem-1"));
        Assert.Equal(IdempotencyCheck.Replay, account.Check("take-offer", IdempotencyKeys.OfferActivationFingerprint(offer.Id)));
        Assert.Equal(new KeyUse(1, MemberEnrolled.Kind, "fp-enrol-1"), account.FindKey("enrol-1"));
        Assert.Equal(IdempotencyCheck.New, account.Check("buy-2", "fp-buy-2"));
    }

    [Fact]
    public void A_stream_holding_a_key_twice_still_folds_and_the_first_use_names_the_key()
    {
        // Streams written before offers' keys were indexed may hold an offer key reused by a purchase.
        var offer = new OrleansLoyalty.Domain.Personalization.Offer(
            "welcome:2025-03", OrleansLoyalty.Domain.Personalization.OfferKind.Welcome, "Welcome", 5, T0, T0.AddDays(30), ["new member"]);

        var account = AccountWith(Enrolled(T0), new OfferActivated(T0, "shared", offer), Earned("shared", 40, T0.AddHours(1)));

        Assert.Equal(40, account.PointsBalance);
        Assert.Equal(OfferActivated.Kind, account.FindKey("shared")!.EventType);
    }
}
