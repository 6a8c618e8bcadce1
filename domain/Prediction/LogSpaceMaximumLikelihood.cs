using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>How a maximum-likelihood search ended.</summary>
/// <param name="Converged">Both simplex runs met the tolerance within their iteration limit.</param>
/// <param name="Iterations">Simplex iterations over both runs.</param>
/// <param name="LikelihoodEvaluations">How many times the whole likelihood was evaluated.</param>
public readonly record struct FitConvergence(bool Converged, int Iterations, int LikelihoodEvaluations);

/// <summary>
/// Maximum likelihood over strictly positive parameters. The search runs on ln θ, so every step is a
/// valid model and the scales of the parameters (α in weeks next to r near 0.2) do not matter.
/// </summary>
internal static class LogSpaceMaximumLikelihood
{
    // Relative spread of the simplex's log-likelihoods at convergence; at ≈10⁴ that is 10⁻⁸ absolute.
    private const double ConvergenceTolerance = 1e-12;
    private const int MaximumIterations = 20_000;

    /// <summary>
    /// Never throws for a search that fails: a simplex that runs out of iterations ends the search with
    /// the best point it evaluated and <see cref="FitConvergence.Converged"/> false, so the caller can
    /// refuse the estimates and say why.
    /// </summary>
    public static LikelihoodMaximum Maximise(Func<double[], double> logLikelihood, int parameterCount)
    {
        var evaluations = 0;
        var parameters = new double[parameterCount];
        var best = new BestPoint(parameterCount);
        double NegativeLogLikelihood(Vector<double> logParameters)
        {
            evaluations++;
            for (var i = 0; i < parameterCount; i++)
            {
                parameters[i] = Math.Exp(logParameters[i]);
                if (parameters[i] == 0 || double.IsInfinity(parameters[i]))
                {
                    return double.MaxValue;
                }
            }

            // Parameters near the edge of the double range make the likelihood overflow; treat them as
            // infinitely bad so the simplex turns back.
            var value = logLikelihood(parameters);
            if (!double.IsFinite(value))
            {
                return double.MaxValue;
            }

            best.Offer(value, parameters);
            return -value;
        }

        var objective = ObjectiveFunction.Value(NegativeLogLikelihood);

        // Start from θ = 1 for every parameter, then restart once from the optimum: a Nelder-Mead simplex
        // can collapse along a ridge (these likelihoods have long curved ones) and stop short; a fresh
        // simplex at the optimum either confirms it or moves on.
        var iterations = 0;
        var start = Vector<double>.Build.Dense(parameterCount, 0.0);
        var converged = TryMinimise(objective, start, ref iterations, out var first)
            && TryMinimise(objective, first.MinimizingPoint, ref iterations, out _);

        // The best point evaluated is the simplex's best vertex when it converged, and the only answer
        // when it did not. With no finite likelihood anywhere the search went, there is no estimate.
        return best.Found
            ? new LikelihoodMaximum(best.Parameters, best.LogLikelihood, new FitConvergence(converged, iterations, evaluations))
            : new LikelihoodMaximum([.. Enumerable.Repeat(1.0, parameterCount)], double.NaN, new FitConvergence(false, iterations, evaluations));
    }

    private static bool TryMinimise(IObjectiveFunction objective, Vector<double> start, ref int iterations, out MinimizationResult result)
    {
        try
        {
            result = NelderMeadSimplex.Minimum(objective, start, ConvergenceTolerance, MaximumIterations);
            iterations += result.Iterations;
            return true;
        }
        catch (MaximumIterationsException)
        {
            iterations += MaximumIterations;
            result = null!;
            return false;
        }
    }

    private sealed class BestPoint(int parameterCount)
    {
        public double[] Parameters { get; } = new double[parameterCount];

        public double LogLikelihood { get; private set; } = double.NegativeInfinity;

        public bool Found { get; private set; }

        public void Offer(double logLikelihood, double[] parameters)
        {
            if (logLikelihood <= LogLikelihood) return;
            LogLikelihood = logLikelihood;
            parameters.CopyTo(Parameters, 0);
            Found = true;
        }
    }
}

internal sealed record LikelihoodMaximum(double[] Parameters, double LogLikelihood, FitConvergence Convergence);
