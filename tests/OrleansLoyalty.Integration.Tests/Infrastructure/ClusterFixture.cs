namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>One running single-silo cluster shared by the tests that don't kill silos.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private LoyaltyTestCluster? cluster;

    public LoyaltyTestCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() => cluster = await LoyaltyTestCluster.StartAsync(silos: 1);

    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
