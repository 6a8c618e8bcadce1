using Orleans.Serialization.Cloning;
using OrleansLoyalty.Domain.Ledger;

namespace OrleansLoyalty.Grains.Ledger;

/// <summary>
/// The event-sourcing runtime deep-copies a grain's view (its initial state, and the tentative view when
/// asked for). The domain account stays free of Orleans attributes, so its copy is registered here.
/// </summary>
[RegisterCopier]
internal sealed class MemberAccountCopier : IDeepCopier<MemberAccount>
{
    public MemberAccount? DeepCopy(MemberAccount? input, CopyContext context) => input?.Copy();
}
