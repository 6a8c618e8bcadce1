namespace OrleansLoyalty.Domain.Prediction;

/// <summary>Both population models fitted on one calibration, with what refuses them; none when <see cref="IsAccepted"/>.</summary>
public sealed record ClvModelFit(ClvPopulation Population, BgNbdFit PurchaseModel, GammaGammaFit SpendModel, IReadOnlyList<string> Defects)
{
    public bool IsAccepted => Defects.Count == 0;
}

/// <summary>Fits the BG/NBD and the Gamma-Gamma on the same customers and reviews the pair with <see cref="ClvModelCheck"/>.</summary>
public static class ClvModelFitter
{
    /// <summary>Needs a population with <see cref="ClvPopulation.HasEnoughData"/>; check that first to answer "not enough data" without fitting.</summary>
    public static ClvModelFit Fit(IReadOnlyCollection<PurchaseSummary> customers, ClvAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(assumptions);
        var population = ClvPopulation.Of(customers);
        if (!population.HasEnoughData)
        {
            throw new ArgumentException($"Not enough data to fit ({population}): check ClvPopulation.HasEnoughData first.", nameof(customers));
        }

        var purchaseModel = BgNbdFitter.Fit(customers);
        var spendModel = GammaGammaFitter.Fit(customers);
        return new ClvModelFit(population, purchaseModel, spendModel, ClvModelCheck.FitDefects(purchaseModel, spendModel, customers, assumptions));
    }
}
