using System.Globalization;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>Who a CLV fit learns from: every purchasing customer for the BG/NBD, the repeat buyers with a positive mean repeat spend for the Gamma-Gamma.</summary>
/// <param name="Customers">Customers with a purchase on or before the calibration end.</param>
/// <param name="RepeatCustomers">Of those, the ones with x &gt; 0: only they show how often customers buy and when they stop.</param>
/// <param name="SpendCustomers">
/// Of the repeat customers, the ones with a positive mean repeat spend mₓ: the Gamma-Gamma population.
/// Repeat buyers whose repeat purchases were all worth 0 are left out of the spend fit (the Gamma density
/// has no mass at 0, so mₓ = 0 has likelihood 0 under every parameter) but are scored like everyone else.
/// </param>
public readonly record struct ClvPopulation(int Customers, int RepeatCustomers, int SpendCustomers)
{
    /// <summary>
    /// Below this many repeat buyers, or this many with a positive repeat spend, the parameters are not
    /// identified in any useful sense: the Gamma-Gamma has three, the BG/NBD's dropout part two, and only
    /// these customers inform them.
    /// </summary>
    public const int MinimumRepeatCustomers = 10;

    public bool HasEnoughData => RepeatCustomers >= MinimumRepeatCustomers && SpendCustomers >= MinimumRepeatCustomers;

    public static ClvPopulation Of(IEnumerable<PurchaseSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        int all = 0, repeat = 0, spend = 0;
        foreach (var customer in customers)
        {
            all++;
            if (customer.Frequency == 0) continue;
            repeat++;
            if (customer.MeanRepeatSpend > 0) spend++;
        }

        return new ClvPopulation(all, repeat, spend);
    }

    /// <summary>What is missing for a fit as of <paramref name="calibrationEnd"/>; empty when <see cref="HasEnoughData"/>.</summary>
    public string Shortfall(DateOnly calibrationEnd)
    {
        var c = CultureInfo.InvariantCulture;
        if (RepeatCustomers < MinimumRepeatCustomers)
        {
            return string.Create(c,
                $"Fitting needs purchases of at least {MinimumRepeatCustomers} members with repeat purchases on or before {calibrationEnd:yyyy-MM-dd}; found {RepeatCustomers} among {Customers} purchasing members.");
        }

        return SpendCustomers < MinimumRepeatCustomers
            ? string.Create(c,
                $"The spend model needs at least {MinimumRepeatCustomers} members whose repeat purchases on or before {calibrationEnd:yyyy-MM-dd} average more than 0; found {SpendCustomers} of {RepeatCustomers} repeat buyers (the others' repeat purchases were all worth 0).")
            : "";
    }
}
