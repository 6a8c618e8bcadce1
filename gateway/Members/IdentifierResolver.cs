using Microsoft.Extensions.Caching.Memory;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>
/// Finds the member that owns an identifier now. Owners are remembered here and in the identifier grains, but only as
/// hints: the member a hint names is asked for its card <em>for that identifier</em>, and answers "moved to X" (a
/// merge: the hint is corrected and followed) or disowns it (an unlink or an undone merge: the index is read again).
/// So no card is ever served from a member that no longer owns the identifier, and a repeated POS lookup still costs
/// one grain call. Unknown identifiers are not remembered, since they can be claimed at any moment.
/// </summary>
public sealed class IdentifierResolver(IGrainFactory grains) : IDisposable
{
    // Bounded so a gateway's memory stays flat whatever the member count; each entry is a short string pair.
    private const long MaxRememberedIdentifiers = 1_000_000;
    private const int MaxHops = 16;
    private static readonly MemoryCacheEntryOptions Remembered = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };
    private readonly MemoryCache owners = new(new MemoryCacheOptions { SizeLimit = MaxRememberedIdentifiers });

    /// <summary>The owner's card, or null when no member owns the identifier now.</summary>
    public async Task<MemberCard?> FindCard(Identifier identifier)
    {
        var key = IdentifierKey.For(identifier.Type, identifier.Value);
        var index = grains.GetGrain<IIdentifierGrain>(key);
        var presented = new IdentifierValue(identifier.Type, identifier.Value);
        var memberId = owners.TryGetValue(key, out string? remembered) ? remembered : await index.ResolveMemberId();
        var readIndex = false;
        for (var hop = 0; hop < MaxHops && memberId is not null; hop++)
        {
            MemberCard? card;
            try
            {
                card = await grains.GetGrain<IMemberGrain>(memberId).GetCardFor(presented);
            }
            catch (MemberMovedException moved)
            {
                memberId = moved.SurvivorId;
                continue;
            }
            if (card is not null)
            {
                if (memberId != remembered) owners.Set(key, memberId, Remembered);
                if (hop > 0) await index.Refresh();
                return card;
            }
            // Disowned: the hint is stale. The index is the truth; it is read once more, bypassing every cache.
            owners.Remove(key);
            if (readIndex) return null;
            readIndex = true;
            memberId = await index.Refresh();
        }
        owners.Remove(key);
        return null;
    }

    /// <summary>The card of the member an id names now, following merges; null when no such member is enrolled.</summary>
    public async Task<MemberCard?> CardOf(string memberId)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            try
            {
                return await grains.GetGrain<IMemberGrain>(memberId).GetCard();
            }
            catch (MemberMovedException moved)
            {
                memberId = moved.SurvivorId;
            }
        }
        return null;
    }

    public void Dispose() => owners.Dispose();
}
