using Microsoft.Extensions.Caching.Memory;
using OrleansLoyalty.Domain.Identity;
using OrleansLoyalty.GrainInterfaces.Identity;

namespace OrleansLoyalty.Gateway.Members;

/// <summary>
/// Resolves identifiers to member ids and remembers the answers: an identifier's owner does not change
/// once claimed, so a repeated POS lookup costs one grain call (the card) instead of two. Unknown
/// identifiers are not remembered, since they can be claimed at any moment.
/// </summary>
public sealed class IdentifierResolver(IGrainFactory grains) : IDisposable
{
    // Bounded so a gateway's memory stays flat whatever the member count; each entry is a short string pair.
    private const long MaxRememberedIdentifiers = 1_000_000;
    private static readonly MemoryCacheEntryOptions Remembered = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };
    private readonly MemoryCache owners = new(new MemoryCacheOptions { SizeLimit = MaxRememberedIdentifiers });

    public async ValueTask<string?> ResolveMemberId(Identifier identifier)
    {
        var key = IdentifierKey.For(identifier.Type, identifier.Value);
        if (owners.TryGetValue(key, out string? memberId)) return memberId;
        memberId = await grains.GetGrain<IIdentifierGrain>(key).ResolveMemberId();
        if (memberId is not null) owners.Set(key, memberId, Remembered);
        return memberId;
    }

    public void Dispose() => owners.Dispose();
}
