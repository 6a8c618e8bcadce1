using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// The real gateway program, configured as a developer or operator would: either co-hosting a silo or
/// as a client of a running cluster, always on a real PostgreSQL database, with the documented dev keys.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    public static GatewayFactory CoHosted(string connectionString) => new(new Dictionary<string, string>
    {
        ["ConnectionStrings:Loyalty"] = connectionString,
        ["Orleans:Mode"] = "CoHosted",
        ["Orleans:ClusterId"] = "gateway-tests-" + Guid.NewGuid().ToString("N")[..8],
        ["Orleans:SiloPort"] = FreePort().ToString(),
        ["Orleans:GatewayPort"] = FreePort().ToString(),
        ["Orleans:AdvertisedIP"] = "127.0.0.1",
    });

    public static GatewayFactory ClientOf(LoyaltyTestCluster cluster) => new(new Dictionary<string, string>
    {
        ["ConnectionStrings:Loyalty"] = cluster.Database.ConnectionString,
        ["Orleans:Mode"] = "Client",
        ["Orleans:ClusterId"] = cluster.Cluster.Options.ClusterId,
        ["Orleans:ServiceId"] = cluster.Cluster.Options.ServiceId,
    });

    public HttpClient ClientWithKey(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
