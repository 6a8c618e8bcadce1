using Orleans.Configuration;
using OrleansLoyalty.ServiceDefaults.Cluster;
using OrleansLoyalty.Storage.Schema;

namespace OrleansLoyalty.Gateway.Hosting;

/// <summary>
/// The gateway is an Orleans client of a deployed cluster: it finds silos in the PostgreSQL membership table,
/// and hosts no grains itself (silos apply the schema; the gateway only reads it for readiness).
/// </summary>
public static class OrleansHosting
{
    private static readonly TimeSpan ClusterConnectTimeout = TimeSpan.FromSeconds(60);

    public static WebApplicationBuilder AddOrleans(this WebApplicationBuilder builder, LoyaltyClusterSettings settings)
    {
        builder.Services.AddLoyaltyDatabase(settings.ConnectionString);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = settings.ConnectionString;
            });
            client.AddActivityPropagation();
            if (settings.Tls is { } tls)
            {
                client.UseLoyaltyTls(tls);
            }
            // Silos and gateway start side by side: keep trying for a while instead of failing at once.
            var giveUpAt = DateTimeOffset.UtcNow + ClusterConnectTimeout;
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                if (DateTimeOffset.UtcNow > giveUpAt) return false;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });
        return builder;
    }
}
