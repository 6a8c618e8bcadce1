namespace OrleansLoyalty.Domain.Prediction;

/// <summary>What a monetary ledger entry did to a customer's value.</summary>
public enum CustomerValueEntryKind
{
    Purchase,
    Return,
    Discount,
    ServiceCost,
}

/// <summary>A monetary entry in a customer's history; <see cref="Amount"/> is a magnitude, the kind carries the sign.</summary>
public readonly record struct CustomerValueEntry(CustomerValueEntryKind Kind, decimal Amount);

/// <summary>Backward- and forward-looking customer value.</summary>
public static class CustomerLifetimeValue
{
    /// <summary>
    /// Expected discounted margin over the next <see cref="ClvAssumptions.HorizonWeeks"/> weeks:
    /// Σₖ (E[Y(k) | history] − E[Y(k−1) | history]) · spend · margin / (1+d)ᵏ, k = 1..N weeks. Weekly
    /// increments of equation (10) place each expected purchase in the week it is expected, so a member
    /// whose purchases are front-loaded is worth more than one with the same total spread further out;
    /// discrete weeks keep the sum exact without a closed form the BG/NBD does not have.
    /// </summary>
    /// <param name="expectedSpendPerTransaction">Usually the Gamma-Gamma E[M | x, mₓ].</param>
    public static double ExpectedDiscountedMargin(in BgNbdForecast forecast, double expectedSpendPerTransaction, ClvAssumptions assumptions) =>
        TryExpectedDiscountedMargin(forecast, expectedSpendPerTransaction, assumptions, out var margin)
            ? margin
            : throw new ArithmeticException("The CLV has no finite value: the weekly purchase forecast or the spend is not finite.");

    /// <summary><see cref="ExpectedDiscountedMargin"/> without exceptions: false when the weekly forecast or the margin is not finite.</summary>
    public static bool TryExpectedDiscountedMargin(in BgNbdForecast forecast, double expectedSpendPerTransaction, ClvAssumptions assumptions, out double margin)
    {
        ArgumentNullException.ThrowIfNull(assumptions);
        margin = double.NaN;
        Span<double> cumulative = stackalloc double[assumptions.HorizonWeeks];
        if (!forecast.TryExpectedTransactionsByWeek(cumulative))
        {
            return false;
        }

        double discountedTransactions = 0;
        double discount = 1;
        double previous = 0;
        foreach (var expected in cumulative)
        {
            discount *= assumptions.WeeklyDiscountFactor;
            discountedTransactions += (expected - previous) * discount;
            previous = expected;
        }

        margin = discountedTransactions * expectedSpendPerTransaction * assumptions.GrossMargin;
        return double.IsFinite(margin);
    }

    /// <summary>
    /// What the customer has actually been worth so far: purchases less returns, discounts given and the
    /// cost of serving them. It is the realised counterpart of the predicted CLV; reporting both
    /// separates members who were valuable from members who will be.
    /// </summary>
    public static decimal HistoricalNetValue(IEnumerable<CustomerValueEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        decimal net = 0;
        foreach (var entry in entries)
        {
            if (entry.Amount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(entries), entry.Amount, "Amounts are magnitudes; the entry kind says whether they add or subtract.");
            }

            net += entry.Kind switch
            {
                CustomerValueEntryKind.Purchase => entry.Amount,
                CustomerValueEntryKind.Return or CustomerValueEntryKind.Discount or CustomerValueEntryKind.ServiceCost => -entry.Amount,
                _ => throw new ArgumentOutOfRangeException(nameof(entries), entry.Kind, "Unknown value entry kind."),
            };
        }

        return net;
    }
}
