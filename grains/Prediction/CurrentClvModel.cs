using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Prediction;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.Prediction;
using OrleansLoyalty.Storage.Prediction;

namespace OrleansLoyalty.Grains.Prediction;

/// <summary>The current model with its scorer, one per silo.</summary>
public sealed record ScoringModel(ClvModelView Model, MemberScorer Scorer)
{
    /// <summary>Needs a usable model (<see cref="ClvModelStore.Current"/> hands out no other); the scorer covers its defects with fallbacks.</summary>
    public static ScoringModel From(ClvModelView model) => new(model, new MemberScorer(
        new BgNbdParameters(model.Bgnbd.R, model.Bgnbd.Alpha, model.Bgnbd.A, model.Bgnbd.B),
        new GammaGammaParameters(model.GammaGamma.P, model.GammaGamma.Q, model.GammaGamma.Gamma),
        ProgramDefaults.Clv));
}

/// <summary>
/// The current model as every member grain on this silo scores with it: kept in memory, replaced at once
/// by a fit on this silo, and re-read from PostgreSQL at most every <see cref="RecheckInterval"/> so fits
/// on other silos arrive within that time. Purchases never wait on the database for it otherwise.
/// Which stored version is current is <see cref="ClvModelStore.Current"/>'s rule: the newest without defects.
/// </summary>
public sealed class CurrentClvModel(ClvModelStore store, TimeProvider time, ILogger<CurrentClvModel> logger)
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim recheck = new(1, 1);
    private ScoringModel? model;
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;

    public async ValueTask<ScoringModel?> Get()
    {
        if (time.GetUtcNow() - checkedAt < RecheckInterval) return model;
        await recheck.WaitAsync();
        try
        {
            if (time.GetUtcNow() - checkedAt >= RecheckInterval)
            {
                var current = await store.Current();
                if (current is not null && current.Version != model?.Model.Version) Replace(current);
                checkedAt = time.GetUtcNow();
            }
            return model;
        }
        finally
        {
            recheck.Release();
        }
    }

    public void Publish(ClvModelView fitted)
    {
        if (fitted.Version > (model?.Model.Version ?? 0)) Replace(fitted);
    }

    private void Replace(ClvModelView current)
    {
        if (current.Defects.Count > 0)
        {
            logger.LogWarning("Scoring with CLV model version {Version} although it has defects, because no stored version is without them; "
                + "its scores fall back where an expectation is undefined until a new fit is accepted. Defects: {Defects}", current.Version, string.Join(" ", current.Defects));
        }
        model = ScoringModel.From(current);
    }
}
