using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// The real gateway program, configured as a developer or operator would: either co-hosting a silo or
/// as a client of a running cluster, always on a real PostgreSQL database. In Development (the default)
/// the documented dev keys apply; in another environment the settings must bring keys of their own.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string> settings, string environment = "Development")
    : WebApplicationFactory<Program>
{
    public static GatewayFactory CoHosted(string connectionString) => new(CoHostedSettings(connectionString));

    public static Dictionary<string, string> CoHostedSettings(string connectionString) => new()
    {
        ["ConnectionStrings:Loyalty"] = connectionString,
        ["Orleans:Mode"] = "CoHosted",
        ["Orleans:ClusterId"] = "gateway-tests-" + Guid.NewGuid().ToString("N")[..8],
        ["Orleans:SiloPort"] = LoopbackPort.Free().ToString(),
        ["Orleans:GatewayPort"] = LoopbackPort.Free().ToString(),
        ["Orleans:AdvertisedIP"] = "127.0.0.1",
    };

    public static GatewayFactory ClientOf(LoyaltyTestCluster cluster) => new(ClientSettings(
        cluster.Database.ConnectionString, cluster.Cluster.Options.ClusterId, cluster.Cluster.Options.ServiceId));

    public static Dictionary<string, string> ClientSettings(string connectionString, string clusterId, string serviceId) => new()
    {
        ["ConnectionStrings:Loyalty"] = connectionString,
        ["Orleans:Mode"] = "Client",
        ["Orleans:ClusterId"] = clusterId,
        ["Orleans:ServiceId"] = serviceId,
    };

    public HttpClient ClientWithKey(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
