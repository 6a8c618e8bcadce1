using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>
/// A cluster of real silo processes on a database of its own: the built silo, run with <c>dotnet</c> from its
/// build output as scripts/lib/common.sh runs it, one at a time on fixed ports, so that killing one (SIGKILL,
/// nothing flushed, no goodbye in the membership table) and starting the next plays a crashed container that
/// comes back. The test project references the silo project without its assembly, so building the tests
/// builds the silo first. Dispose kills whatever still runs.
/// </summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    private const string ServiceId = "silo-process-tests";
    private const int KeptLogLines = 400;

    private static readonly string SiloAssembly = typeof(SiloProcessCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SiloAssembly").Value!;

    private readonly string clusterId = "silo-process-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int siloPort = LoopbackPort.Free();
    private readonly int gatewayPort = LoopbackPort.Free();
    private readonly int httpPort = LoopbackPort.Free();
    private readonly ConcurrentQueue<string> log = new();
    private readonly List<IHost> clients = [];
    private Process? silo;
    private int generation;

    private SiloProcessCluster(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public static async Task<SiloProcessCluster> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>Starts a silo process and waits until its readiness endpoint answers; returns how long that took.</summary>
    public async Task<TimeSpan> StartSiloAsync(TimeSpan readyWithin)
    {
        if (silo is { HasExited: false }) throw new InvalidOperationException("A silo is running already.");
        if (!File.Exists(SiloAssembly)) throw new FileNotFoundException("The silo is not built; build the solution (or this test project) first.", SiloAssembly);
        var started = Stopwatch.StartNew();
        var life = ++generation;
        var start = new ProcessStartInfo("dotnet", [SiloAssembly])
        {
            // Where its appsettings.json is, as the scripts run it.
            WorkingDirectory = Path.GetDirectoryName(SiloAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Loyalty"] = Database.ConnectionString,
                ["Orleans__ClusterId"] = clusterId,
                ["Orleans__ServiceId"] = ServiceId,
                ["Orleans__SiloPort"] = siloPort.ToString(),
                ["Orleans__GatewayPort"] = gatewayPort.ToString(),
                ["Orleans__AdvertisedIP"] = "127.0.0.1",
                ["Urls"] = $"http://127.0.0.1:{httpPort}",
            },
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(life, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(life, line.Data);
        process.Start();
        silo = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Succeeds(async () =>
        {
            Assert.False(process.HasExited, $"Silo {life} exited with {(process.HasExited ? process.ExitCode : 0)} before it was ready:\n{LogTail()}");
            return (await http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }, readyWithin, $"silo {life} becoming ready");
        return started.Elapsed;
    }

    /// <summary>SIGKILL (<see cref="Process.Kill()"/> on Unix): the process gets no chance to stop anything.</summary>
    public void KillSilo()
    {
        if (silo is not { } process) return;
        if (!process.HasExited) process.Kill();
        process.WaitForExit();
        process.Dispose();
        silo = null;
    }

    /// <summary>
    /// An Orleans client that finds the silos through the membership table, as the gateway does. A call in flight
    /// to a killed silo is not failed when its connection drops but when its response times out, here after 2 s;
    /// and the gateway list is re-read every second, so the client moves on to the next silo soon after it is up
    /// (test settings; production keeps Orleans' defaults).
    /// </summary>
    public async Task<IClusterClient> ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = Database.ConnectionString;
            });
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(2));
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        });
        var host = builder.Build();
        clients.Add(host);
        await host.StartAsync();
        return host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The silos' last console lines, for a failure message.</summary>
    public string LogTail() => string.Join('\n', log);

    public async ValueTask DisposeAsync()
    {
        try
        {
            KillSilo();
            foreach (var client in clients)
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await client.StopAsync(stopping.Token);
                }
                finally
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }

    private void Keep(int life, string? line)
    {
        if (line is null) return;
        log.Enqueue($"[silo {life}] {line}");
        while (log.Count > KeptLogLines) log.TryDequeue(out _);
    }
}
