using Orleans.Configuration;
using OrleansLoyalty.Grains.Hosting;

namespace OrleansLoyalty.Gateway.Hosting;

/// <summary>
/// The gateway either joins a deployed cluster as an Orleans client (the default, <c>Orleans:Mode=Client</c>)
/// or, for a one-process developer run, co-hosts a silo itself (<c>Orleans:Mode=CoHosted</c>).
/// </summary>
public static class OrleansHosting
{
    private static readonly TimeSpan ClusterConnectTimeout = TimeSpan.FromSeconds(60);

    public static bool IsCoHosted(IConfiguration configuration) =>
        string.Equals(configuration["Orleans:Mode"], "CoHosted", StringComparison.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddOrleans(this WebApplicationBuilder builder, LoyaltyClusterSettings settings)
    {
        if (IsCoHosted(builder.Configuration))
        {
            builder.UseOrleans(silo => silo.AddLoyaltyCluster(settings));
            return builder;
        }

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
