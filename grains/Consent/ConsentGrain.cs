using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.Consent;
using OrleansLoyalty.GrainInterfaces.Consent;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.Storage.Consent;

namespace OrleansLoyalty.Grains.Consent;

/// <summary>
/// A member's consents: the history read from PostgreSQL at activation, each change appended after the sequence this
/// activation saw (a second activation, or any other writer, makes it re-read and decide again).
/// </summary>
public sealed class ConsentGrain(ConsentStore store, TimeProvider time, ILogger<ConsentGrain> logger) : Grain, IConsentGrain
{
    private const int MaxWriteAttempts = 5;

    private ConsentLedger? ledger;

    private string MemberId => this.GetPrimaryKeyString();

    public async Task<IReadOnlyList<ConsentView>> GetConsents() => Views(await Ledger());

    public async Task<IReadOnlyList<ConsentChangeView>> GetHistory() =>
        [.. (await Ledger()).History.Reverse().Select(c => new ConsentChangeView(c.Sequence, c.Channel, c.Purpose, c.Status, c.ChangedAt, c.Source, c.PolicyVersion))];

    public async Task<bool> IsGrantedForPurpose(string purpose) => (await Ledger()).IsGrantedForPurpose(purpose);

    public async Task<ConsentChangeResult> Change(ChangeConsentsCommand command)
    {
        var requests = command.Consents.Select(c => new ConsentRequest(c.Channel, c.Purpose, c.Status)).ToList();
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            try
            {
                var current = await Ledger();
                var changes = current.ChangesFor(requests, time.GetUtcNow(), command.Source, command.PolicyVersion);
                if (await store.TryAppend(MemberId, changes))
                {
                    foreach (var change in changes) current.Apply(change);
                    return new ConsentChangeResult(true, changes.Count, Views(current));
                }
            }
            catch (Exception e) when (e is not MemberUnavailableException)
            {
                logger.LogWarning(e, "The consents of member {MemberId} could not be written", MemberId);
                ledger = null;
                return new ConsentChangeResult(false, 0, []);
            }
            ledger = null;
        }
        return new ConsentChangeResult(false, 0, []);
    }

    private async Task<ConsentLedger> Ledger()
    {
        if (ledger is not null) return ledger;
        try
        {
            return ledger = new ConsentLedger(await store.Changes(MemberId));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The consents of member {MemberId} could not be read", MemberId);
            throw new MemberUnavailableException($"The consents of member {MemberId} cannot be read now; retry shortly.");
        }
    }

    private static IReadOnlyList<ConsentView> Views(ConsentLedger ledger) =>
        [.. ledger.Current.Select(c => new ConsentView(c.Channel, c.Purpose, c.Status, c.ChangedAt, c.Source, c.PolicyVersion))];
}
