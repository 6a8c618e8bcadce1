using OrleansLoyalty.Domain.Personalization;
using static OrleansLoyalty.Domain.Tests.Personalization.Shopping;

namespace OrleansLoyalty.Domain.Tests.Personalization;

/// <summary>Favourite categories from purchases and browsing: purchases weigh four times what browsing does.</summary>
public sealed class BrowsingFavouritesTests
{
    [Fact]
    public void Without_purchases_browsing_alone_ranks_the_favourites_and_an_add_to_cart_counts_three_views()
    {
        var profile = BehaviourProfile.Of(History(), [new("Tents", Views: 2, AddsToCart: 0), new("Stoves", Views: 0, AddsToCart: 1)]);

        Assert.Equal(
            [new CategoryShare("Stoves", 0, 0, 0, 1, 0.6m), new CategoryShare("Tents", 0, 0, 2, 0, 0.4m)],
            profile.FavouriteCategories);
    }

    [Fact]
    public void A_category_only_browsed_ranks_below_one_with_a_purchase()
    {
        var profile = BehaviourProfile.Of(History(DaysAgo(2, 50, 0, Line("Shoes", 50))), [new("Tents", Views: 40, AddsToCart: 5)]);

        Assert.Equal(["Shoes", "Tents"], profile.FavouriteCategories.Select(c => c.Category));
        Assert.Equal((0.8m, 0.2m), (profile.FavouriteCategories[0].Interest, profile.FavouriteCategories[1].Interest));
    }

    [Fact]
    public void Browsing_reorders_bought_categories_whose_spend_is_close_but_not_far_apart()
    {
        var close = History(DaysAgo(2, 100, 0, Line("Shoes", 55), Line("Tents", 45)));
        var apart = History(DaysAgo(2, 100, 0, Line("Shoes", 70), Line("Tents", 30)));
        IReadOnlyList<CategoryBrowsing> tentsBrowsed = [new("Tents", Views: 10, AddsToCart: 0)];

        Assert.Equal(["Tents", "Shoes"], BehaviourProfile.Of(close, tentsBrowsed).FavouriteCategories.Select(c => c.Category));
        Assert.Equal(["Shoes", "Tents"], BehaviourProfile.Of(apart, tentsBrowsed).FavouriteCategories.Select(c => c.Category));
    }

    [Fact]
    public void Browsing_joins_a_bought_category_ignoring_case_and_blanks_and_keeps_the_purchases_spelling()
    {
        var profile = BehaviourProfile.Of(
            History(DaysAgo(2, 80, 0, Line("Running Shoes", 80))),
            [new(" running shoes ", Views: 1, AddsToCart: 0), new("RUNNING SHOES", Views: 0, AddsToCart: 1), new("  ", Views: 9, AddsToCart: 0)]);

        Assert.Equal([new CategoryShare("Running Shoes", 80, 1m, 1, 1, 1m)], profile.FavouriteCategories);
    }

    [Fact]
    public void Without_browsing_favourites_are_ranked_by_spend_as_before()
    {
        var history = History(DaysAgo(2, 100, 0, Line("Shirts", 40), Line("Shoes", 60)));

        Assert.Equal(BehaviourProfile.Of(history).FavouriteCategories, BehaviourProfile.Of(history, []).FavouriteCategories);
        Assert.Equal([new CategoryShare("Shoes", 60, 0.6m), new CategoryShare("Shirts", 40, 0.4m)], BehaviourProfile.Of(history).FavouriteCategories);
    }

    [Fact]
    public void The_category_discount_goes_to_the_most_favoured_category_with_a_quarter_of_the_spend()
    {
        var planner = new OfferPlanner(new ProgramBudget(maxDiscountPercent: 20, maxBonusMultiplier: 3, maxRecoveryValue: 25, currency: "EUR"));
        var history = History(DaysAgo(2, 100, 0, Line("Shoes", 100)));
        // Only browsed, and so much that it leads: still no spend to base a discount on.
        var profile = BehaviourProfile.Of(history, [new("Tents", Views: 1, AddsToCart: 0)]) with
        {
            FavouriteCategories = [new CategoryShare("Tents", 0, 0, 50, 0, 1m), new CategoryShare("Shoes", 100, 1m)],
        };

        var discount = Assert.Single(planner.Plan(profile, LifecycleStage.FirstPurchase, null, Now), o => o.Kind == OfferKind.CategoryDiscount);

        Assert.Equal("Shoes", discount.Category);
    }
}
