using MathNet.Numerics;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>A fitted BG/NBD model, whether the search converged and what it cost.</summary>
/// <param name="LogLikelihood">Σ ln L at the estimates, comparable with the −9582.4 FHL report for CDNOW.</param>
public sealed record BgNbdFit(BgNbdParameters Parameters, double LogLikelihood, int CustomerCount, FitConvergence Convergence);

/// <summary>Maximum-likelihood estimation of the BG/NBD parameters from calibration summaries.</summary>
public static class BgNbdFitter
{
    public static BgNbdFit Fit(IEnumerable<PurchaseSummary> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var histories = DistinctHistories.From(customers);
        if (histories.CustomerCount == 0)
        {
            throw new ArgumentException("Cannot fit a model without customers.", nameof(customers));
        }

        var maximum = LogSpaceMaximumLikelihood.Maximise(
            theta => histories.LogLikelihood(new BgNbdParameters(theta[0], theta[1], theta[2], theta[3])),
            parameterCount: 4);
        var estimates = maximum.Parameters;
        return new BgNbdFit(
            new BgNbdParameters(estimates[0], estimates[1], estimates[2], estimates[3]),
            maximum.LogLikelihood,
            histories.CustomerCount,
            maximum.Convergence);
    }

    /// <summary>
    /// Customers collapsed to distinct (x, tₓ, T) with a count each: daily data makes many histories
    /// identical (most CDNOW customers never return, and their T takes one of 84 values), so the
    /// likelihood costs one term per distinct history, and the Gamma-function part of equation (6)
    /// one term per distinct x.
    /// </summary>
    private sealed class DistinctHistories
    {
        private readonly int[] _frequencies;
        private readonly double[] _frequencyCounts;
        private readonly int[] _historyFrequencies;
        private readonly double[] _recencies;
        private readonly double[] _ages;
        private readonly double[] _historyCounts;

        private DistinctHistories(
            int[] frequencies, double[] frequencyCounts,
            int[] historyFrequencies, double[] recencies, double[] ages, double[] historyCounts, int customerCount)
        {
            _frequencies = frequencies;
            _frequencyCounts = frequencyCounts;
            _historyFrequencies = historyFrequencies;
            _recencies = recencies;
            _ages = ages;
            _historyCounts = historyCounts;
            CustomerCount = customerCount;
        }

        public int CustomerCount { get; }

        public static DistinctHistories From(IEnumerable<PurchaseSummary> customers)
        {
            var histories = new Dictionary<(int X, double Recency, double Age), int>();
            foreach (var customer in customers)
            {
                customer.Validate();
                var key = (customer.Frequency, customer.RecencyWeeks, customer.AgeWeeks);
                histories[key] = histories.GetValueOrDefault(key) + 1;
            }

            var byFrequency = histories
                .GroupBy(history => history.Key.X, history => history.Value)
                .OrderBy(group => group.Key)
                .Select(group => (X: group.Key, Count: group.Sum()))
                .ToArray();
            return new DistinctHistories(
                byFrequency.Select(group => group.X).ToArray(),
                byFrequency.Select(group => (double)group.Count).ToArray(),
                histories.Keys.Select(key => key.X).ToArray(),
                histories.Keys.Select(key => key.Recency).ToArray(),
                histories.Keys.Select(key => key.Age).ToArray(),
                histories.Values.Select(count => (double)count).ToArray(),
                histories.Values.Sum());
        }

        public double LogLikelihood(BgNbdParameters parameters)
        {
            var (r, alpha, a, b) = (parameters.R, parameters.Alpha, parameters.A, parameters.B);

            // ln A₁ + ln A₂ of equation (6) depend on x alone.
            var logGammaR = SpecialFunctions.GammaLn(r);
            var logGammaB = SpecialFunctions.GammaLn(b);
            var logGammaAPlusB = SpecialFunctions.GammaLn(a + b);
            var rLogAlpha = r * Math.Log(alpha);
            double total = 0;
            for (var i = 0; i < _frequencies.Length; i++)
            {
                var x = _frequencies[i];
                var logA1A2 = SpecialFunctions.GammaLn(r + x) - logGammaR + rLogAlpha
                    + logGammaAPlusB + SpecialFunctions.GammaLn(b + x) - logGammaB - SpecialFunctions.GammaLn(a + b + x);
                total += _frequencyCounts[i] * logA1A2;
            }

            for (var i = 0; i < _historyFrequencies.Length; i++)
            {
                total += _historyCounts[i] * BgNbdModel.LogOfA3PlusA4(parameters, _historyFrequencies[i], _recencies[i], _ages[i]);
            }

            return total;
        }
    }
}
