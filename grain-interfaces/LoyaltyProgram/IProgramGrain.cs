using Orleans.Concurrency;

namespace OrleansLoyalty.GrainInterfaces.LoyaltyProgram;

/// <summary>A program version: 0 is the shipped default, which runs until a version is stored.</summary>
[GenerateSerializer, Immutable, Alias("OrleansLoyalty.ProgramVersionView")]
public sealed record ProgramVersionView(
    [property: Id(0)] int Version,
    [property: Id(1)] string Definition,
    [property: Id(2)] string Author,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>The program definition (one grain, key 0): the running version, its history, and replacing it.</summary>
[Alias("OrleansLoyalty.IProgramGrain")]
public interface IProgramGrain : IGrainWithIntegerKey
{
    [ReadOnly]
    [Alias("GetCurrent")]
    Task<ProgramVersionView> GetCurrent();

    /// <summary>Every stored version, newest first, then the shipped default.</summary>
    [ReadOnly]
    [Alias("GetVersions")]
    Task<IReadOnlyList<ProgramVersionView>> GetVersions();

    /// <summary>Stores <paramref name="definition"/> (validated by the caller) as the next version.</summary>
    [Alias("Replace")]
    Task<ProgramVersionView> Replace(string definition, string author);
}
