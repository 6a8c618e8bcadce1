using System.Globalization;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.Storage.Prediction;

namespace OrleansLoyalty.Grains.Prediction;

/// <summary>
/// Fits the population models on the ledger as of a date and publishes each accepted fit as a new version.
/// The fit is a batch job of seconds; it runs in this one grain so two fits never race for a version.
/// A fit that cannot score every member (<see cref="ClvModelCheck"/>) is refused and the current model stays.
/// </summary>
public sealed class ClvModelGrain(ClvModelStore store, CurrentClvModel current) : Grain, IClvModelGrain
{
    public async Task<ClvFitResult> Fit(DateOnly asOf)
    {
        var purchases = await store.Purchases(asOf);
        var customers = CalibrationSummaryBuilder.Build(purchases, asOf).Select(c => c.Summary).ToList();
        var population = ClvPopulation.Of(customers);
        if (!population.HasEnoughData)
        {
            return Refused(ClvFitRefusalKind.NotEnoughData, population.Shortfall(asOf), population, null);
        }

        // Fitting is CPU-bound for a second or more: off the grain's scheduler, so the silo stays responsive.
        var fit = await Task.Run(() => ClvModelFitter.Fit(customers, ProgramDefaults.Clv));
        if (!fit.IsAccepted)
        {
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"The fit on {population.Customers} purchasing members as of {asOf:yyyy-MM-dd} ({population.RepeatCustomers} with repeat purchases, {population.SpendCustomers} of them with a positive repeat spend) cannot score every member, so it was not stored and the current model stays. ")
                + string.Join(" ", fit.Defects);
            return Refused(ClvFitRefusalKind.Rejected, detail, population, ClvModelViews.Model(0, asOf, fit));
        }

        var model = await store.Save(asOf, fit);
        current.Publish(model);
        return new ClvFitResult(model, null);
    }

    public async Task<ClvModelView?> GetCurrent() => (await current.Get())?.Model;

    private static ClvFitResult Refused(ClvFitRefusalKind kind, string detail, ClvPopulation population, ClvModelView? candidate) =>
        new(null, new ClvFitRefusal(kind, detail, population.Customers, population.RepeatCustomers, population.SpendCustomers, candidate));
}
