using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansLoyalty.Grains.Hosting;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// A TestingHost cluster on real parts: ADO.NET membership and the member ledger on a fresh PostgreSQL
/// database, so silos can be killed and grains re-activated against what was actually committed.
/// </summary>
public sealed class LoyaltyTestCluster : IAsyncDisposable
{
    private const string ConnectionStringKey = "ConnectionStrings:Loyalty";

    private readonly bool ownsDatabase;

    private LoyaltyTestCluster(TestDatabase database, TestCluster cluster, bool ownsDatabase)
    {
        Database = database;
        Cluster = cluster;
        this.ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Starts silos on a fresh database, or on <paramref name="existing"/> to play a restart of the whole cluster.</summary>
    /// <param name="settings">Configuration the silos get besides the database, e.g. <c>Loyalty:AnonymousProfiles:Retention</c>.</param>
    public static async Task<LoyaltyTestCluster> StartAsync(short silos, TestDatabase? existing = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = existing ?? await TestDatabase.CreateAsync();
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        // Real sockets, so a gateway process outside the TestingHost can connect like it would in production.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ServiceId = "loyalty-tests";
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(
            new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { [ConnectionStringKey] = database.ConnectionString }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new LoyaltyTestCluster(database, cluster, ownsDatabase: existing is null);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (ownsDatabase) await Database.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddLoyaltyGrains(siloBuilder.Configuration[ConnectionStringKey]!);
            siloBuilder.Services.AddSingleton<IFatalErrorHandler, StopInsteadOfCrashing>();
            // Declare a killed silo dead within seconds rather than the production default of a minute or so.
            siloBuilder.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        }
    }

    /// <summary>
    /// A killed in-process silo may still read the membership table and learn it was declared dead. A real
    /// silo process then exits on purpose (FailFast); here that would take the whole test run with it.
    /// </summary>
    private sealed class StopInsteadOfCrashing(ILogger<StopInsteadOfCrashing> logger) : IFatalErrorHandler
    {
        public bool IsUnexpected(Exception exception) => true;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) =>
            logger.LogWarning(exception, "Fatal silo error (not crashing the test process): {Context}", context);
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = configuration[ConnectionStringKey];
            });
            // A call to a silo that was just killed fails in seconds, so the test can retry it.
            clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }
}
