using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OrleansLoyalty.Storage.Schema;

/// <summary>Readiness of the system of record: PostgreSQL answers, and how far each feed consumer is behind.</summary>
public static class StorageHealthChecks
{
    public static IHealthChecksBuilder AddStorageReadinessChecks(this IHealthChecksBuilder checks, string readyTag) => checks
        .AddCheck<DatabaseHealthCheck>("database", tags: [readyTag])
        .AddCheck<FeedHealthCheck>("feed", tags: [readyTag]);

    /// <summary>
    /// Each feed consumer's lag in positions (the last position drawn minus its checkpoint). Lag is reported,
    /// not failed on: a consumer catching up after an outage should not take the API out of service.
    /// </summary>
    private sealed class FeedHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public const long DegradedLag = 100_000;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("""
                    SELECT c.consumer, greatest(coalesce(pg_sequence_last_value(pg_get_serial_sequence('member_events', 'position')), 0) - c.position, 0)
                    FROM feed_checkpoints c ORDER BY c.consumer
                    """);
                var lags = new Dictionary<string, object>(StringComparer.Ordinal);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    lags[reader.GetString(0) + ".lag"] = reader.GetInt64(1);
                }
                var behind = lags.Values.Cast<long>().DefaultIfEmpty(0).Max();
                return behind > DegradedLag
                    ? HealthCheckResult.Degraded($"A feed consumer is {behind} positions behind.", data: lags)
                    : HealthCheckResult.Healthy("Feed consumers are keeping up.", lags);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Degraded("Feed checkpoints cannot be read.", e);
            }
        }
    }

    private sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
            }
        }
    }
}
