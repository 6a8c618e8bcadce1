using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansLoyalty.Storage.Schema;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated PostgreSQL database per fixture on the server scripts/test.sh provisions
/// (LOYALTY_TEST_PG), so fixtures never see each other's members and run in parallel.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string serverConnectionString;

    private TestDatabase(string serverConnectionString, string name, string connectionString)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>For tests that inspect or write the stored rows directly.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("LOYALTY_TEST_PG")
            ?? throw new InvalidOperationException("LOYALTY_TEST_PG is not set: run the tests with scripts/test.sh, which provisions PostgreSQL.");
        var name = "loyalty_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ConnectionString;
        await LoyaltyDatabase.MigrateAsync(connectionString, NullLoggerFactory.Instance);
        return new TestDatabase(server, name, connectionString);
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The first column of every row, as text.</summary>
    public async Task<IReadOnlyList<string>> StringsAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetValue(0).ToString()!);
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(serverConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
