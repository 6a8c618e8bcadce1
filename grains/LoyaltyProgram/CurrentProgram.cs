using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansLoyalty.Domain.LoyaltyProgram;
using OrleansLoyalty.Domain.Tiers;
using OrleansLoyalty.Storage.LoyaltyProgram;

namespace OrleansLoyalty.Grains.LoyaltyProgram;

/// <summary>A program version as decisions use it: the definition and its tier policy.</summary>
public sealed record RunningProgram(int Version, ProgramDefinition Definition, TierPolicy Tiers)
{
    /// <summary>
    /// A member's tier as this program knows it: a member who never earned holds the shipped default's first tier, which
    /// another program may not have, and is then in this program's first tier.
    /// </summary>
    public string TierOf(string tier) => Definition.Tiers.Levels.Any(l => l.Name == tier) ? tier : Tiers.BaseTier;

    public static readonly RunningProgram ShippedDefault = new(0, ProgramDefinition.Default, TierPolicy.From(ProgramDefinition.Default.Tiers));
}

/// <summary>
/// The running program as every member grain on this silo decides with it: kept in memory, replaced at once when a new
/// version is stored through this silo, and re-read from PostgreSQL at most every <see cref="RecheckInterval"/>, so a new
/// version reaches purchases on every silo within that time. Each decision records the version it used.
/// </summary>
public sealed class CurrentProgram(ProgramStore store, TimeProvider time, ILogger<CurrentProgram> logger)
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim recheck = new(1, 1);
    private RunningProgram program = RunningProgram.ShippedDefault;
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;

    public async ValueTask<RunningProgram> Get()
    {
        if (time.GetUtcNow() - checkedAt < RecheckInterval) return program;
        await recheck.WaitAsync();
        try
        {
            if (time.GetUtcNow() - checkedAt >= RecheckInterval)
            {
                if (await store.Latest() is { } latest && latest.Version > program.Version) Publish(latest.Version, latest.Definition);
                checkedAt = time.GetUtcNow();
            }
            return program;
        }
        finally
        {
            recheck.Release();
        }
    }

    /// <summary>Takes a version stored through this silo at once (never an older one).</summary>
    public void Publish(int version, string definition)
    {
        if (version <= program.Version) return;
        // Stored versions were validated before they were stored; one that no longer parses (a stricter validator) is skipped loudly.
        if (ProgramDefinition.Parse(JsonDocument.Parse(definition).RootElement).Definition is not { } parsed)
        {
            logger.LogError("Program version {Version} does not parse; the silo keeps version {Running}", version, program.Version);
            return;
        }
        program = new RunningProgram(version, parsed, TierPolicy.From(parsed.Tiers));
    }
}
