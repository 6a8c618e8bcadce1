using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansLoyalty.ServiceDefaults.Cluster;

/// <summary>Readiness of the cluster: at least one active silo this process can reach.</summary>
public static class ClusterHealthChecks
{
    public static IHealthChecksBuilder AddClusterReadinessCheck(this IHealthChecksBuilder checks, string readyTag) => checks
        .AddCheck<ClusterHealthCheck>("cluster", tags: [readyTag]);

    private sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return hosts.Count > 0
                    ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s).")
                    : HealthCheckResult.Unhealthy("No active silo.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The cluster is not reachable.", e);
            }
        }
    }
}
