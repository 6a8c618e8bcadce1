using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.GrainInterfaces.Prediction;

namespace OrleansLoyalty.Grains.Prediction;

/// <summary>
/// Fits the population models on the ledger as of a date and publishes each fit as a new version.
/// The fit is a batch job of seconds; it runs in this one grain so two fits never race for a version.
/// </summary>
public sealed class ClvModelGrain(ClvModelStore store, CurrentClvModel current) : Grain, IClvModelGrain
{
    // Below this the spend model's three parameters are not identified in any useful sense.
    private const int MinimumRepeatCustomers = 10;

    public async Task<ClvFitResult> Fit(DateOnly asOf)
    {
        var purchases = await store.Purchases(asOf);
        var customers = CalibrationSummaryBuilder.Build(purchases, asOf).Select(c => c.Summary).ToList();
        var repeatCustomers = customers.Count(c => c.Frequency > 0);
        if (repeatCustomers < MinimumRepeatCustomers)
        {
            return new ClvFitResult(null,
                $"Fitting needs purchases of at least {MinimumRepeatCustomers} members with repeat purchases on or before {asOf:yyyy-MM-dd}; found {repeatCustomers} among {customers.Count} purchasing members.");
        }
        // Fitting is CPU-bound for a second or more: off the grain's scheduler, so the silo stays responsive.
        var (bgnbd, gammaGamma) = await Task.Run(() => (BgNbdFitter.Fit(customers), GammaGammaFitter.Fit(customers)));
        var model = await store.Save(
            asOf,
            customers.Count,
            new BgNbdView(bgnbd.Parameters.R, bgnbd.Parameters.Alpha, bgnbd.Parameters.A, bgnbd.Parameters.B, bgnbd.LogLikelihood),
            new GammaGammaView(gammaGamma.Parameters.P, gammaGamma.Parameters.Q, gammaGamma.Parameters.Gamma, gammaGamma.CustomerCount));
        current.Publish(model);
        return new ClvFitResult(model, null);
    }

    public async Task<ClvModelView?> GetCurrent() => (await current.Get())?.Model;
}
