using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// The real gateway program, configured as an operator would: a client of a running cluster, always on a
/// real PostgreSQL database. In Development (the default) the documented dev keys apply; in another
/// environment the settings must bring keys of their own.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string> settings, string environment = "Development")
    : WebApplicationFactory<Program>
{
    public static GatewayFactory ClientOf(LoyaltyTestCluster cluster) => new(ClientSettings(
        cluster.Database.ConnectionString, cluster.Cluster.Options.ClusterId, cluster.Cluster.Options.ServiceId));

    public static Dictionary<string, string> ClientSettings(string connectionString, string clusterId, string serviceId) => new()
    {
        ["ConnectionStrings:Loyalty"] = connectionString,
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
