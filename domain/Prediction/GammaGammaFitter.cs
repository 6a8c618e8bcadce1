namespace OrleansLoyalty.Domain.Prediction;

/// <summary>A fitted Gamma-Gamma spend model.</summary>
/// <param name="CustomerCount">Customers that entered the fit: those with x &gt; 0 and a positive mean repeat spend.</param>
public sealed record GammaGammaFit(GammaGammaParameters Parameters, double LogLikelihood, int CustomerCount, FitConvergence Convergence);

/// <summary>Maximum-likelihood estimation of the Gamma-Gamma parameters.</summary>
public static class GammaGammaFitter
{
    /// <summary>
    /// Fits on the customers with repeat purchases only: the model describes the mean of the repeat
    /// transactions, and a customer without any has no observation of it. Customers whose repeat
    /// transactions were all worth 0 are left out too; the Gamma density has no mass at 0. They are still
    /// scored: E[M | x, mₓ = 0] is defined (see <see cref="GammaGammaModel.ConditionalExpectedSpend"/>).
    /// </summary>
    public static GammaGammaFit Fit(IEnumerable<PurchaseSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var observations = customers
            .Where(customer => customer.Frequency > 0 && customer.MeanRepeatSpend > 0)
            .Select(customer => (customer.Frequency, customer.MeanRepeatSpend))
            .ToArray();
        if (observations.Length == 0)
        {
            throw new ArgumentException("Cannot fit the spend model without customers who made repeat purchases.", nameof(customers));
        }

        var maximum = LogSpaceMaximumLikelihood.Maximise(
            theta =>
            {
                var parameters = new GammaGammaParameters(theta[0], theta[1], theta[2]);
                double total = 0;
                foreach (var (frequency, meanSpend) in observations)
                {
                    total += GammaGammaModel.LogLikelihood(parameters, frequency, meanSpend);
                }

                return total;
            },
            parameterCount: 3);
        var estimates = maximum.Parameters;
        return new GammaGammaFit(
            new GammaGammaParameters(estimates[0], estimates[1], estimates[2]),
            maximum.LogLikelihood,
            observations.Length,
            maximum.Convergence);
    }
}
