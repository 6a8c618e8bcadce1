using OrleansLoyalty.Domain.Personalization;
using static OrleansLoyalty.Domain.Tests.Personalization.Shopping;

namespace OrleansLoyalty.Domain.Tests.Personalization;

public sealed class OfferLedgerTests
{
    private static readonly Offer Shoes = OfferValidFor("fav-category:shoes:2026-11");
    private static readonly Offer Mondays = OfferValidFor("bonus-day:Monday:2026-11");
    private static readonly DateTimeOffset During = Now.AddDays(1);

    private static Offer OfferValidFor(string id) =>
        new(id, OfferKind.CategoryDiscount, "10 % off Shoes", 10, Now, Now.AddDays(30), ["62 % of your spend is on Shoes"], Category: "Shoes");

    private static OfferLedger Issued() => OfferLedger.Empty.Issue([Shoes, Mondays]);

    private static OfferLedger Active() => Issued().Activate(Shoes.Id, "activate-1", During).Ledger;

    private static OfferLedger Redeemed() => Active().Redeem(Shoes.Id, "redeem-1", During).Ledger;

    [Fact]
    public void Activation_activates_and_a_retry_with_the_same_key_replays()
    {
        var issued = Issued();

        var first = issued.Activate(Shoes.Id, "activate-1", During);
        var retry = first.Ledger.Activate(Shoes.Id, "activate-1", During.AddMinutes(1));

        Assert.Equal((OfferOutcome.Activated, true), (first.Outcome, first.Changed));
        Assert.Equal(new OfferStatus(Shoes, OfferState.Active, "activate-1", During), first.Ledger.Find(Shoes.Id));
        Assert.Equal((OfferOutcome.Activated, false), (retry.Outcome, retry.Changed));
        Assert.Same(first.Ledger, retry.Ledger);
        Assert.Equal(OfferState.Issued, issued.Find(Shoes.Id)!.State);
    }

    [Fact]
    public void Activating_again_with_another_key_is_already_active()
    {
        var result = Active().Activate(Shoes.Id, "activate-2", During);

        Assert.Equal((OfferOutcome.AlreadyActive, false), (result.Outcome, result.Changed));
    }

    [Fact]
    public void Redemption_is_one_time_and_a_retry_with_the_same_key_replays()
    {
        var active = Active();

        var first = active.Redeem(Shoes.Id, "redeem-1", During);
        var retry = first.Ledger.Redeem(Shoes.Id, "redeem-1", During);
        var another = first.Ledger.Redeem(Shoes.Id, "redeem-2", During);

        Assert.Equal((OfferOutcome.Redeemed, true), (first.Outcome, first.Changed));
        Assert.Equal(new OfferStatus(Shoes, OfferState.Redeemed, "activate-1", During, "redeem-1", During), first.Ledger.Find(Shoes.Id));
        Assert.Equal((OfferOutcome.Redeemed, false), (retry.Outcome, retry.Changed));
        Assert.Equal((OfferOutcome.AlreadyRedeemed, false), (another.Outcome, another.Changed));
    }

    [Fact]
    public void A_redeemed_offer_cannot_be_activated_again()
    {
        Assert.Equal(OfferOutcome.AlreadyRedeemed, Redeemed().Activate(Shoes.Id, "activate-2", During).Outcome);
    }

    [Fact]
    public void Redeeming_needs_an_activation_and_the_refusal_is_not_remembered()
    {
        var issued = Issued();

        var early = issued.Redeem(Shoes.Id, "redeem-1", During);
        var afterActivation = issued.Activate(Shoes.Id, "activate-1", During).Ledger.Redeem(Shoes.Id, "redeem-1", During);

        Assert.Equal((OfferOutcome.NotActive, false), (early.Outcome, early.Changed));
        Assert.Same(issued, early.Ledger);
        Assert.Equal(OfferOutcome.Redeemed, afterActivation.Outcome);
    }

    [Fact]
    public void Unknown_offers_cannot_be_activated_or_redeemed()
    {
        Assert.Equal(OfferOutcome.Unknown, Issued().Activate("recovery:2026-11", "activate-1", During).Outcome);
        Assert.Equal(OfferOutcome.Unknown, Issued().Redeem("recovery:2026-11", "redeem-1", During).Outcome);
    }

    [Fact]
    public void Validity_includes_its_start_and_excludes_its_end()
    {
        var issued = Issued();
        var active = Active();

        Assert.Equal(OfferOutcome.NotYetValid, issued.Activate(Shoes.Id, "a", Shoes.ValidFrom.AddTicks(-1)).Outcome);
        Assert.Equal(OfferOutcome.Activated, issued.Activate(Shoes.Id, "a", Shoes.ValidFrom).Outcome);
        Assert.Equal(OfferOutcome.Expired, issued.Activate(Shoes.Id, "a", Shoes.ValidUntil).Outcome);
        Assert.Equal(OfferOutcome.NotYetValid, active.Redeem(Shoes.Id, "r", Shoes.ValidFrom.AddTicks(-1)).Outcome);
        Assert.Equal(OfferOutcome.Redeemed, active.Redeem(Shoes.Id, "r", Shoes.ValidUntil.AddTicks(-1)).Outcome);
        Assert.Equal(OfferOutcome.Expired, active.Redeem(Shoes.Id, "r", Shoes.ValidUntil).Outcome);
    }

    [Fact]
    public void The_retry_of_a_timely_redemption_still_succeeds_after_expiry()
    {
        Assert.Equal(OfferOutcome.Redeemed, Redeemed().Redeem(Shoes.Id, "redeem-1", Shoes.ValidUntil.AddDays(5)).Outcome);
    }

    [Fact]
    public void A_key_reused_for_a_different_command_is_a_conflict()
    {
        var active = Active();

        Assert.Equal(OfferOutcome.KeyConflict, active.Redeem(Shoes.Id, "activate-1", During).Outcome);
        Assert.Equal(OfferOutcome.KeyConflict, active.Activate(Mondays.Id, "activate-1", During).Outcome);
    }

    [Fact]
    public void Reissuing_an_offer_keeps_its_first_terms_and_its_state()
    {
        var redeemed = Redeemed();
        var replanned = Shoes with { ValidFrom = Now.AddDays(10), ValidUntil = Now.AddDays(40), Value = 15 };

        var reissued = redeemed.Issue([replanned]);

        Assert.Same(redeemed, reissued);
        Assert.Equal((OfferState.Redeemed, 10m), (reissued.Find(Shoes.Id)!.State, reissued.Find(Shoes.Id)!.Offer.Value));
    }

    [Fact]
    public void A_ledger_restored_from_its_statuses_still_recognises_its_keys()
    {
        var restored = new OfferLedger(Redeemed().Offers);

        Assert.Equal([Mondays.Id, Shoes.Id], restored.Offers.Select(status => status.Offer.Id));
        Assert.Equal(OfferOutcome.Redeemed, restored.Redeem(Shoes.Id, "redeem-1", During).Outcome);
        Assert.Equal(OfferOutcome.Activated, restored.Activate(Shoes.Id, "activate-1", During).Outcome);
        Assert.Equal(OfferOutcome.KeyConflict, restored.Activate(Mondays.Id, "redeem-1", During).Outcome);
    }
}
