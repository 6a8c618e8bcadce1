using OrleansLoyalty.GrainInterfaces.Scheduling;

namespace OrleansLoyalty.GrainInterfaces.Identity;

/// <summary>
/// Where the single use of app QR tokens is recorded (in PostgreSQL, so it holds across gateways and restarts).
/// The gateway signs and checks the tokens; this grain only answers "first use?". Stateless: any silo can serve it.
/// </summary>
[Alias("OrleansLoyalty.IQrTokenUsesGrain")]
public interface IQrTokenUsesGrain : IGrainWithIntegerKey
{
    /// <summary>Records the use of the token with id <paramref name="tokenId"/>; true only the first time.</summary>
    [Alias("TryUse")]
    Task<bool> TryUse(string tokenId, DateTimeOffset expiresAt);

    /// <summary>Forgets the uses of long-expired tokens (due work <c>qr-token-purge</c>), and schedules the next round.</summary>
    [Alias("RunDueWork")]
    Task<DueWorkOutcome> RunDueWork(DueWorkItem item);
}
