using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.Storage.Identity;

namespace OrleansLoyalty.Grains.Identity;

/// <summary>Records QR token uses in PostgreSQL and, on its schedule, forgets those no token can need any more.</summary>
[StatelessWorker]
public sealed class QrTokenUsesGrain(QrTokenUseStore store, TimeProvider time, ILogger<QrTokenUsesGrain> logger) : Grain, IQrTokenUsesGrain
{
    /// <summary>
    /// How long after its token expired a use is kept. A gateway refuses an expired token by its own clock before it
    /// asks here, so the use must outlive the expiry by more than any gateway's clock may lag: minutes, not seconds.
    /// </summary>
    public static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromMinutes(10);

    public async Task<bool> TryUse(string tokenId, DateTimeOffset expiresAt)
    {
        try
        {
            return await store.TryUse(tokenId, expiresAt, time.GetUtcNow());
        }
        catch (Exception e)
        {
            // Whether the use was recorded is not known: the till is told to retry (a 503), and a retry of a use that did
            // land is refused as used, so the app shows a new token.
            logger.LogWarning(e, "The use of a QR token could not be recorded");
            throw new MemberUnavailableException("QR token uses cannot be recorded now; retry shortly.");
        }
    }

    public async Task<DueWorkOutcome> RunDueWork(DueWorkItem item)
    {
        var now = time.GetUtcNow();
        await store.Forget(now - KeptAfterExpiry);
        return new DueWorkOutcome(now + DueWorkKinds.QrTokenPurgeInterval);
    }
}
