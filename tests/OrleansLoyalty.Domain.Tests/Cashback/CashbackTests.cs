using System.Text.Json;
using OrleansLoyalty.Domain.Cashback;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.Domain.LoyaltyProgram;
using static OrleansLoyalty.Domain.Tests.Ledger.TestEvents;

namespace OrleansLoyalty.Domain.Tests.Cashback;

/// <summary>Cashback: percentages of what was paid for eligible lines, rounded down to the cent, taken back by returns, spent never below zero.</summary>
public sealed class CashbackTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static readonly CashbackSection Section = new("EUR", new Dictionary<string, decimal> { ["gold"] = 2, ["silver"] = 0.5m })
    {
        Campaigns = [new CashbackCampaign("app-week", "App week", Monday.AddDays(-1), Monday.AddDays(6), 3, ["app"])],
    };

    [Fact]
    public void Each_rule_gives_its_percent_of_the_eligible_amount_rounded_down_to_the_cent()
    {
        var cashback = CashbackCalculator.Calculate(Section, new CashbackInput(33.33m, "EUR", Monday, "app", "gold", "plus", 1));

        Assert.Equal([new CashbackBy("tier:gold", 0.66m), new CashbackBy("membership:plus", 0.33m), new CashbackBy("campaign:app-week", 0.99m)], cashback);
    }

    [Fact]
    public void Another_currency_another_channel_a_tier_without_cashback_or_a_time_outside_the_campaign_give_nothing_of_that_rule()
    {
        Assert.Empty(CashbackCalculator.Calculate(Section, new CashbackInput(100, "USD", Monday, "app", "gold", null, 0)));
        Assert.Equal([new CashbackBy("tier:gold", 2m)], CashbackCalculator.Calculate(Section, new CashbackInput(100, "EUR", Monday, "pos", "gold", null, 0)));
        Assert.Empty(CashbackCalculator.Calculate(Section, new CashbackInput(100, "EUR", Monday.AddDays(6), "app", "member", null, 0)));
        Assert.Empty(CashbackCalculator.Calculate(null, new CashbackInput(100, "EUR", Monday, "app", "gold", null, 0)));
        // Half a percent of 1.99 is less than a cent: nothing, never a fraction of a cent.
        Assert.Empty(CashbackCalculator.Calculate(Section, new CashbackInput(1.99m, "EUR", Monday, "pos", "silver", null, 0)));
    }

    [Fact]
    public void Excluded_categories_and_the_basket_discount_reduce_the_eligible_amount()
    {
        var earning = new EarningSection(1, PointsRounding.Floor, 0, ["gift-cards"], new Dictionary<string, decimal>());
        // Lines of 100 and 50 (gift card), 15 off the basket: 135 paid, of which 100 × 135/150 = 90 for the eligible line.
        var eligible = EarnCalculator.EligibleAmount(earning, [new EarnLine("A", "skincare", 1, 100), new EarnLine("G", "gift-cards", 1, 50)], 135);

        Assert.Equal(90m, eligible);
        Assert.Equal(42m, EarnCalculator.EligibleAmount(earning, [], 42));
    }

    [Fact]
    public void Returns_take_back_cashback_in_proportion_and_all_of_it_when_everything_came_back_in_parts()
    {
        // A purchase of 30 that credited 1.00: thirds of 0.33, 0.33 and the remaining 0.34.
        var first = CashbackCalculator.TakenBack(1.00m, 0, 30, 0, 10);
        var second = CashbackCalculator.TakenBack(1.00m, first, 30, 10, 10);
        var third = CashbackCalculator.TakenBack(1.00m, first + second, 30, 20, 10);

        Assert.Equal((0.33m, 0.33m, 0.34m), (first, second, third));
        Assert.Equal(0m, CashbackCalculator.TakenBack(1.00m, 1.00m, 30, 30, 0));
    }

    [Fact]
    public void A_return_by_lines_takes_back_the_cashback_those_lines_earned_and_an_excluded_line_takes_back_none()
    {
        // 80 of skincare (2 pieces) credited 1.60; the gift card credited nothing.
        var shares = CashbackCalculator.Allocate(1.60m, [80m, 0m]);
        var purchase = Earned("p1", 80, Monday) with
        {
            Amount = 100,
            Cashback = [new("tier:gold", 1.60m)],
            Items = [new PurchasedItem("SK", "skincare", 2, 80, 80, shares[0]), new PurchasedItem("GC", "gift-cards", 1, 20, 0, shares[1])],
        };

        var (giftCard, _) = ReturnCalculator.Plan(purchase, PurchaseReturns.None, [new ReturnLineRequest("GC", 1, 20)], null);
        var (onePiece, _) = ReturnCalculator.Plan(purchase, PurchaseReturns.None, [new ReturnLineRequest("SK", 1, 40)], null);

        Assert.Equal([1.60m, 0m], shares);
        Assert.Equal(0m, giftCard!.Cashback);
        Assert.Equal(0.80m, onePiece!.Cashback);
    }

    [Fact]
    public void Allocated_shares_add_up_to_the_cashback_to_the_cent()
    {
        Assert.Equal([0.34m, 0.33m, 0.33m], CashbackCalculator.Allocate(1.00m, [10m, 10m, 10m]));
        Assert.Equal([0m, 0m], CashbackCalculator.Allocate(0m, [10m, 10m]));
    }

    [Fact]
    public void The_wallet_folds_credits_returns_and_spending_and_its_statement_adds_up_to_the_balance()
    {
        var earned = Earned("p1", 10, Monday) with { Cashback = [new("tier:gold", 2.00m), new("campaign:app-week", 3.00m)] };
        var account = AccountWith(
            Enrolled(Monday.AddDays(-30)),
            earned,
            new PointsReturned(Monday.AddHours(1), "r1", "fp-r1", "p1", 2, Monday, 5, 5, [], 0, "pos") { Cashback = 2.50m, CashbackCurrency = "EUR" },
            new CashbackRedeemed(Monday.AddHours(2), "c1", "fp-c1", 2.00m, "EUR", "pos", "store-1"));

        Assert.Equal(0.50m, account.CashbackBalance("EUR"));
        Assert.Equal((-2.00m, "EUR", 0.50m), (account.FindEntry("c1")!.Cashback, account.FindEntry("c1")!.CashbackCurrency, account.FindEntry("c1")!.CashbackAfter));
        Assert.Equal(2.50m, account.Returns["p1"].Cashback);

        var lines = CashbackStatement.Newest(
        [
            Enrolled(Monday.AddDays(-30)), earned,
            new PointsReturned(Monday.AddHours(1), "r1", "fp-r1", "p1", 2, Monday, 5, 5, [], 0, "pos") { Cashback = 2.50m, CashbackCurrency = "EUR" },
            new CashbackRedeemed(Monday.AddHours(2), "c1", "fp-c1", 2.00m, "EUR", "pos", "store-1"),
        ], 10);
        Assert.Equal([LedgerEntryType.CashbackRedeem, LedgerEntryType.Return, LedgerEntryType.Earn], lines.Select(l => l.Type));
        Assert.Equal([-2.00m, -2.50m, 5.00m], lines.Select(l => l.Amount));
        Assert.Equal(0.50m, lines.Sum(l => l.Amount));
        Assert.Equal(0.50m, lines[0].BalanceAfter);
    }

    [Fact]
    public void Cashback_moves_with_a_merge_to_the_survivor()
    {
        var absorbed = AccountWith(Enrolled(Monday), Earned("p1", 10, Monday) with { Cashback = [new("tier:gold", 4.20m)] });
        var brought = new MergedMember(absorbed.PointsBalance, absorbed.Tier, [], [], [], null, []) { Cashback = absorbed.CashbackBalances.ToDictionary() };

        var survivor = AccountWith(Enrolled(Monday), new MergeApplied(Monday.AddDays(1), "mg1", "m-absorbed", brought, "duplicate", "admin"));
        absorbed.Apply(new MergedAway(Monday.AddDays(1), "mg1", "m-survivor", absorbed.PointsBalance));

        Assert.Equal((4.20m, 0m), (survivor.CashbackBalance("EUR"), absorbed.CashbackBalance("EUR")));
    }

    [Fact]
    public void Cashback_events_survive_their_stored_json()
    {
        MemberEvent[] events =
        [
            Earned("p1", 10, Monday) with { Cashback = [new("tier:gold", 2.00m)] },
            new CashbackRedeemed(Monday, "c1", "fp-c1", 2.00m, "EUR", "pos", null),
        ];
        foreach (var @event in events)
        {
            var json = JsonSerializer.Serialize(@event, LedgerJsonOptions);
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<MemberEvent>(json, LedgerJsonOptions), LedgerJsonOptions));
        }
    }

    private static readonly JsonSerializerOptions LedgerJsonOptions = new(JsonSerializerDefaults.Web);
}
