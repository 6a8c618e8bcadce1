using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Identity;

/// <summary>
/// One normalized identifier (e-mail, phone, loyalty number): resolves it to its member from memory once
/// known, so POS lookups don't touch the database. Keyed by <see cref="IdentifierKey"/>.
/// </summary>
[Alias("OrleansLoyalty.IIdentifierGrain")]
public interface IIdentifierGrain : IGrainWithStringKey
{
    [ReadOnly]
    [Alias("ResolveMemberId")]
    Task<string?> ResolveMemberId();
}

/// <summary>Grain keys for identifiers: readable, never hex-like, and free of '+' (dotnet/orleans#9706).</summary>
public static class IdentifierKey
{
    public static string For(string type, string normalizedValue) => $"ident:{type}:{Uri.EscapeDataString(normalizedValue)}";
}
