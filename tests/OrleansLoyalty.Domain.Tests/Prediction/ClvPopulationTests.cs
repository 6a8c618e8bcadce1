using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

/// <summary>Degenerate data is "not enough data" before anything is fitted.</summary>
public sealed class ClvPopulationTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 30);

    [Fact]
    public void Repeat_buyers_whose_repeat_purchases_were_all_free_give_the_spend_model_nothing_to_learn_from()
    {
        var customers = Enumerable.Range(0, 30).Select(i => new PurchaseSummary(1 + i % 3, 2, 5, 0)).Append(new PurchaseSummary(0, 0, 5, 0));

        var population = ClvPopulation.Of(customers);

        Assert.Equal(new ClvPopulation(31, 30, 0), population);
        Assert.False(population.HasEnoughData);
        Assert.Equal(
            "The spend model needs at least 10 members whose repeat purchases on or before 2025-06-30 average more than 0; found 0 of 30 repeat buyers (the others' repeat purchases were all worth 0).",
            population.Shortfall(AsOf));
    }

    [Fact]
    public void Members_who_bought_once_give_no_repeat_behaviour_to_learn_from()
    {
        var population = ClvPopulation.Of(Enumerable.Repeat(new PurchaseSummary(0, 0, 3, 0), 500));

        Assert.False(population.HasEnoughData);
        Assert.Equal("Fitting needs purchases of at least 10 members with repeat purchases on or before 2025-06-30; found 0 among 500 purchasing members.", population.Shortfall(AsOf));
        Assert.Throws<ArgumentException>(() => ClvModelFitter.Fit(Enumerable.Repeat(new PurchaseSummary(0, 0, 3, 0), 500).ToList(), new ClvAssumptions(0.3, 0.1, 52)));
    }

    [Fact]
    public void Ten_repeat_buyers_with_a_positive_spend_are_enough()
    {
        var population = ClvPopulation.Of(Enumerable.Range(0, 10).Select(i => new PurchaseSummary(1, 1, 2, 5 + i)));

        Assert.True(population.HasEnoughData);
        Assert.Equal("", population.Shortfall(AsOf));
    }
}
