using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.Identity;

/// <summary>
/// One normalized identifier (any kind): resolves it to its member from memory once known, so POS lookups don't
/// touch the database. Keyed by <see cref="IdentifierKey"/>.
/// </summary>
[Alias("OrleansLoyalty.IIdentifierGrain")]
public interface IIdentifierGrain : IGrainWithStringKey
{
    /// <summary>The owner as remembered: a hint, which the member it names confirms (or answers "moved", or disowns).</summary>
    [ReadOnly]
    [Alias("ResolveMemberId")]
    Task<string?> ResolveMemberId();

    /// <summary>Forgets the remembered owner and reads the identifier index again: after a merge, an unlink, or a disowned hint.</summary>
    [Alias("Refresh")]
    Task<string?> Refresh();
}

/// <summary>Grain keys for identifiers: readable, never hex-like, and free of '+' (dotnet/orleans#9706).</summary>
public static class IdentifierKey
{
    public static string For(string type, string normalizedValue) => $"ident:{type}:{Uri.EscapeDataString(normalizedValue)}";
}
