using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.GrainInterfaces.LoyaltyProgram;
using OrleansLoyalty.Storage.LoyaltyProgram;

namespace OrleansLoyalty.Grains.LoyaltyProgram;

/// <summary>
/// The program definition's one writer: versions are appended in PostgreSQL (program_versions) and the newest is
/// kept in memory. One activation serialises replacements, so versions are numbered in the order they were made.
/// </summary>
public sealed class ProgramGrain(ProgramStore store, CurrentProgram running) : Grain, IProgramGrain
{
    /// <summary>Version 0: the program a fresh system runs, shipped with the code.</summary>
    public static readonly ProgramVersionView ShippedDefault = new(0, ProgramDefinition.DefaultJson, "shipped default", DateTimeOffset.UnixEpoch);

    private ProgramVersionView? current;

    public async Task<ProgramVersionView> GetCurrent() => current ??= await store.Latest() is { } latest ? View(latest) : ShippedDefault;

    public async Task<IReadOnlyList<ProgramVersionView>> GetVersions() => [.. (await store.All()).Select(View), ShippedDefault];

    public async Task<ProgramVersionView> Replace(string definition, string author)
    {
        current = View(await store.Add(definition, author));
        running.Publish(current.Version, current.Definition);
        return current;
    }

    private static ProgramVersionView View(StoredProgram stored) => new(stored.Version, stored.Definition, stored.Author, stored.CreatedAt);
}
