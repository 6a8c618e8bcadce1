namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>One gateway, a client of its own one-silo cluster on its own database, shared by the HTTP contract tests.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private TestDatabase? database;
    private LoyaltyTestCluster? cluster;

    public GatewayFactory Gateway { get; private set; } = null!;

    public TestDatabase Database => database ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await Seed(database);
        cluster = await LoyaltyTestCluster.StartAsync(silos: 1, existing: database);
        Gateway = GatewayFactory.ClientOf(cluster);
        Gateway.CreateClient().Dispose(); // starts the host, and with it the cluster client
    }

    /// <summary>Rows the silo must find when it starts, written before it starts.</summary>
    protected virtual Task Seed(TestDatabase database) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        if (cluster is not null) await cluster.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
