using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace OrleansLoyalty.Domain.Prediction;

/// <summary>
/// Maximum likelihood over strictly positive parameters. The search runs on ln θ, so every step is a
/// valid model and the scales of the parameters (α in weeks next to r near 0.2) do not matter.
/// </summary>
internal static class LogSpaceMaximumLikelihood
{
    // Relative spread of the simplex's log-likelihoods at convergence; at ≈10⁴ that is 10⁻⁸ absolute.
    private const double ConvergenceTolerance = 1e-12;
    private const int MaximumIterations = 20_000;

    public static LikelihoodMaximum Maximise(Func<double[], double> logLikelihood, int parameterCount)
    {
        var evaluations = 0;
        var parameters = new double[parameterCount];
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
            return double.IsFinite(value) ? -value : double.MaxValue;
        }

        var objective = ObjectiveFunction.Value(NegativeLogLikelihood);

        // Start from θ = 1 for every parameter, then restart once from the optimum: a Nelder-Mead simplex
        // can collapse along a ridge (these likelihoods have long curved ones) and stop short; a fresh
        // simplex at the optimum either confirms it or moves on.
        var start = Vector<double>.Build.Dense(parameterCount, 0.0);
        var first = NelderMeadSimplex.Minimum(objective, start, ConvergenceTolerance, MaximumIterations);
        var polished = NelderMeadSimplex.Minimum(objective, first.MinimizingPoint, ConvergenceTolerance, MaximumIterations);

        var estimates = polished.MinimizingPoint.Select(Math.Exp).ToArray();
        return new LikelihoodMaximum(estimates, -polished.FunctionInfoAtMinimum.Value, evaluations);
    }
}

internal sealed record LikelihoodMaximum(double[] Parameters, double LogLikelihood, int Evaluations);
