using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansLoyalty.Storage.Schema;

/// <summary>The one PostgreSQL data source every store of a process shares, and the schema step before it is used.</summary>
public static class LoyaltyDatabase
{
    public static IServiceCollection AddLoyaltyDatabase(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // The same few statements run millions of times: let Npgsql prepare them server-side once per
            // connection instead of parsing and planning each append again. No session state is ever
            // changed, so the pool need not reset a connection (DISCARD ALL) every time it is reused.
            var settings = builder.ConnectionStringBuilder;
            if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 16;
            settings.NoResetOnClose = true;
            return builder.Build();
        });
        return services;
    }

    /// <summary>Applies the schema before anything (membership included) touches the database.</summary>
    public static async Task MigrateAsync(string connectionString, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SchemaMigrator.MigrateAsync(dataSource, loggerFactory.CreateLogger(typeof(SchemaMigrator)), cancellationToken);
    }
}
