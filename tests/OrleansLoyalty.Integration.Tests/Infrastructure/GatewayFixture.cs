namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>One gateway co-hosting a silo on its own database, shared by the HTTP contract tests.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private TestDatabase? database;

    public GatewayFactory Gateway { get; private set; } = null!;

    public TestDatabase Database => database ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await Seed(database);
        Gateway = GatewayFactory.CoHosted(database.ConnectionString);
        Gateway.CreateClient().Dispose(); // starts the host, and with it the silo
    }

    /// <summary>Rows the silo must find when it starts, written before the gateway starts it.</summary>
    protected virtual Task Seed(TestDatabase database) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
