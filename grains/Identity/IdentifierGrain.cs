using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.Storage.Identity;

namespace OrleansLoyalty.Grains.Identity;

/// <summary>
/// Caches an identifier's owner once found. An identifier's owner never changes once claimed (until
/// merging exists, which will tell this grain), so a positive answer is safe to keep; an unknown
/// identifier is asked of the database again next time, because it may be claimed at any moment.
/// </summary>
public sealed class IdentifierGrain(IdentifierDirectory directory) : Grain, IIdentifierGrain
{
    private string? memberId;

    public async Task<string?> ResolveMemberId()
    {
        if (memberId is not null) return memberId;
        var (type, value) = ParseKey(this.GetPrimaryKeyString());
        return memberId = await directory.FindMemberId(type, value);
    }

    private static (string Type, string Value) ParseKey(string key)
    {
        var parts = key.Split(':', 3);
        return (parts[1], Uri.UnescapeDataString(parts[2]));
    }
}
