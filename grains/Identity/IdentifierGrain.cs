using OrleansLoyalty.GrainInterfaces.Identity;
using OrleansLoyalty.Storage.Identity;

namespace OrleansLoyalty.Grains.Identity;

/// <summary>
/// Caches an identifier's owner once found. The owner is a hint, not the truth: a merge moves identifiers, an
/// unlink frees them, so whoever serves a request from the hint first asks the member it names (which answers
/// "moved to X" or disowns it), and then has this grain <see cref="Refresh"/>. Writers also refresh it after a change.
/// An unknown identifier is asked of the database again next time, because it may be claimed at any moment.
/// </summary>
public sealed class IdentifierGrain(IdentifierDirectory directory) : Grain, IIdentifierGrain
{
    private string? memberId;

    public async Task<string?> ResolveMemberId() => memberId ??= await Read();

    public async Task<string?> Refresh() => memberId = await Read();

    private Task<string?> Read()
    {
        var (type, value) = ParseKey(this.GetPrimaryKeyString());
        return directory.FindMemberId(type, value);
    }

    private static (string Type, string Value) ParseKey(string key)
    {
        var parts = key.Split(':', 3);
        return (parts[1], Uri.UnescapeDataString(parts[2]));
    }
}
