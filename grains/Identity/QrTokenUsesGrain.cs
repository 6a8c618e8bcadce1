using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.Storage.Identity;

namespace OrleansLoyalty.Grains.Identity;

/// <summary>Records QR token uses in PostgreSQL and, on its schedule, forgets those no token can need any more.</summary>
[StatelessWorker]
public sealed class QrTokenUsesGrain(QrTokenUseStore store, TimeProvider time) : Grain, IQrTokenUsesGrain
{
    /// <summary>
    /// How long after its token expired a use is kept. A gateway refuses an expired token by its own clock before it
    /// asks here, so the use must outlive the expiry by more than any gateway's clock may lag: minutes, not seconds.
    /// </summary>
    public static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromMinutes(10);

    public Task<bool> TryUse(string tokenId, DateTimeOffset expiresAt) => store.TryUse(tokenId, expiresAt, time.GetUtcNow());

    public async Task<DueWorkOutcome> RunDueWork(DueWorkItem item)
    {
        var now = time.GetUtcNow();
        await store.Forget(now - KeptAfterExpiry);
        return new DueWorkOutcome(now + DueWorkKinds.QrTokenPurgeInterval);
    }
}
