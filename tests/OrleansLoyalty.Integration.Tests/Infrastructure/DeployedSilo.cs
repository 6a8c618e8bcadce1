using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansLoyalty.Grains.Hosting;
using OrleansLoyalty.ServiceDefaults.Cluster;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// A silo wired as silo/Program.cs wires one (LoyaltyClusterSettings from configuration, then AddLoyaltyCluster),
/// hosted in the test process, so endpoint binding and TLS are tested on the production code path.
/// </summary>
public sealed class DeployedSilo : IAsyncDisposable
{
    private readonly IHost host;
    private bool started;

    private DeployedSilo(IHost host) => this.host = host;

    public EndpointOptions Endpoints => host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

    public ClusterOptions Cluster => host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;

    /// <summary>Settings for a silo on its own ports and cluster id; callers add or override the rest.</summary>
    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["ConnectionStrings:Loyalty"] = connectionString,
        ["Orleans:ClusterId"] = "deployed-silo-" + Guid.NewGuid().ToString("N")[..8],
        ["Orleans:ServiceId"] = "deployed-silo-tests",
        ["Orleans:SiloPort"] = LoopbackPort.Free().ToString(),
        ["Orleans:GatewayPort"] = LoopbackPort.Free().ToString(),
    };

    /// <summary>Built but not started: enough to read the options the silo would run with.</summary>
    public static DeployedSilo Build(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    {
        // No defaults: the test process's own appsettings and environment variables must not leak in.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        var cluster = LoyaltyClusterSettings.From(builder.Configuration);
        builder.UseOrleans(silo => silo.AddLoyaltyCluster(cluster));
        return new DeployedSilo(builder.Build());
    }

    public static async Task<DeployedSilo> StartAsync(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    {
        var silo = Build(settings, environment);
        try
        {
            await silo.host.StartAsync();
            silo.started = true;
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (started) await host.StopAsync();
        }
        finally
        {
            host.Dispose();
        }
    }
}
