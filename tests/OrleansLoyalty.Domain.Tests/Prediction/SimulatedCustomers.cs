using MathNet.Numerics.Distributions;
using OrleansLoyalty.Domain.Prediction;

namespace OrleansLoyalty.Domain.Tests.Prediction;

/// <summary>
/// Customers drawn from the BG/NBD and Gamma-Gamma processes themselves, with a fixed seed: while alive a
/// customer buys at rate λ ~ Gamma(r, α), after each repeat purchase drops out with probability
/// p ~ Beta(a, b); each transaction is worth Gamma(p, ν) with ν ~ Gamma(q, γ). Times are continuous weeks.
/// </summary>
public static class SimulatedCustomers
{
    public static List<PurchaseSummary> Draw(BgNbdParameters purchases, GammaGammaParameters spend, int count, double minimumAgeWeeks, double maximumAgeWeeks, int seed)
    {
        var random = new Random(seed);
        var customers = new List<PurchaseSummary>(count);
        for (var i = 0; i < count; i++)
        {
            var rate = Gamma.Sample(random, purchases.R, purchases.Alpha);
            var dropout = Beta.Sample(random, purchases.A, purchases.B);
            var spendRate = Gamma.Sample(random, spend.Q, spend.Gamma);
            var age = minimumAgeWeeks + random.NextDouble() * (maximumAgeWeeks - minimumAgeWeeks);
            var (repeats, last, total) = (0, 0.0, 0.0);
            for (var t = Exponential.Sample(random, rate); t <= age; t += Exponential.Sample(random, rate))
            {
                (repeats, last) = (repeats + 1, t);
                total += Gamma.Sample(random, spend.P, spendRate);
                if (random.NextDouble() < dropout) break;
            }

            customers.Add(new PurchaseSummary(repeats, last, age, repeats == 0 ? 0 : total / repeats));
        }

        return customers;
    }
}
