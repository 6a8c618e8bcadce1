using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansLoyalty.GrainInterfaces.Feed;
using OrleansLoyalty.GrainInterfaces.Personalization;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.Grains.Feed;
using OrleansLoyalty.Grains.Identity;
using OrleansLoyalty.Grains.LoyaltyProgram;
using OrleansLoyalty.Grains.Personalization;
using OrleansLoyalty.Grains.Reporting;
using OrleansLoyalty.Grains.Prediction;
using OrleansLoyalty.Grains.Scheduling;
using OrleansLoyalty.ServiceDefaults.Cluster;
using OrleansLoyalty.Storage.Feed;
using OrleansLoyalty.Storage.Identity;
using OrleansLoyalty.Storage.LoyaltyProgram;
using OrleansLoyalty.Storage.Ledger;
using OrleansLoyalty.Storage.Personalization;
using OrleansLoyalty.Storage.Reporting;
using OrleansLoyalty.Storage.Prediction;
using OrleansLoyalty.Storage.Scheduling;
using OrleansLoyalty.Storage.Schema;

namespace OrleansLoyalty.Grains.Hosting;

/// <summary>Everything a silo of this system needs, shared by the silo host and the tests.</summary>
public static class LoyaltySilo
{
    /// <summary>Membership in PostgreSQL, the member ledger provider and the stores the grains use.</summary>
    public static ISiloBuilder AddLoyaltyGrains(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        // Capability state that is not an event-sourced ledger (the profile projection, later consent and the
        // arbiter) lives in Orleans' ADO.NET grain storage, table OrleansStorage (db/orleans/0003).
        silo.AddAdoNetGrainStorage(ProfileState.StorageName, options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = connectionString;
        });
        // Idempotent: whichever silo starts first creates the schedule, the others find it in place.
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>()
            .GetGrain<ISegmentRefreshGrain>(ISegmentRefreshGrain.Key).RetireSchedule());
        silo.AddStartupTask((services, _) => Task.WhenAll(Enumerable.Range(0, DueWorkShards.Count)
            .Select(shard => services.GetRequiredService<IGrainFactory>().GetGrain<ISchedulerShardGrain>(shard).EnsureRunning())));
        // Housekeeping that no event schedules: idempotent, the pending item (if any) is kept.
        silo.AddStartupTask((services, cancellation) => services.GetRequiredService<DueWorkStore>().Schedule(
            DueWorkKinds.QrTokenPurge, DueWorkKinds.QrTokenPurgeKey, services.GetRequiredService<TimeProvider>().GetUtcNow() + DueWorkKinds.QrTokenPurgeInterval, cancellation));
        silo.AddStartupTask((services, _) => Task.WhenAll(services.GetServices<IFeedHandler>()
            .Select(handler => services.GetRequiredService<IGrainFactory>().GetGrain<IFeedConsumerGrain>(handler.Consumer).EnsureRunning())));
        silo.AddActivityPropagation();
        silo.Services.AddLoyaltyStorage(connectionString);
        return silo;
    }

    /// <summary>A silo of a deployed cluster: its identity and endpoints from settings, plus the grains.</summary>
    public static ISiloBuilder AddLoyaltyCluster(this ISiloBuilder silo, LoyaltyClusterSettings settings)
    {
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        silo.Services.AddOptions<EndpointOptions>().Configure<IHostEnvironment>((endpoints, environment) =>
        {
            endpoints.SiloPort = settings.SiloPort;
            endpoints.GatewayPort = settings.GatewayPort;
            // Whoever reaches these ports can call any grain (short of mutual TLS), so the sockets bind to the
            // advertised address alone: no listening endpoint of their own. Left null, Orleans advertises this
            // host's lowest non-loopback IPv4 address, in a container the container's own; a developer's machine
            // keeps to loopback instead.
            if ((settings.AdvertisedAddress ?? (environment.IsDevelopment() ? IPAddress.Loopback : null)) is { } advertised)
            {
                endpoints.AdvertisedIPAddress = advertised;
            }
            if (settings.ListenOnAnyHostAddress)
            {
                endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, settings.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, settings.GatewayPort);
            }
        });
        if (settings.Tls is { } tls)
        {
            silo.UseLoyaltyTls(tls);
        }
        return silo.AddLoyaltyGrains(settings.ConnectionString);
    }

    public static IServiceCollection AddLoyaltyStorage(this IServiceCollection services, string connectionString)
    {
        services.AddLoyaltyDatabase(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MemberEventStore>();
        services.TryAddSingleton<GroupCommitWriter>();
        services.TryAddSingleton<ClvModelStore>();
        services.TryAddSingleton<CurrentClvModel>();
        services.TryAddSingleton<SegmentStore>();
        services.TryAddSingleton<LiabilityStore>();
        services.TryAddSingleton<IdentifierDirectory>();
        services.TryAddSingleton<ProfileStore>();
        services.TryAddSingleton<MergeStore>();
        services.TryAddSingleton<Storage.Consent.ConsentStore>();
        services.TryAddSingleton<ProgramStore>();
        services.TryAddSingleton<CampaignBudgetStore>();
        services.TryAddSingleton<RewardCodeStore>();
        services.TryAddSingleton<CurrentProgram>();
        services.TryAddSingleton<QrTokenUseStore>();
        services.TryAddSingleton<BehaviourStore>();
        services.TryAddSingleton<ChangeFeedStore>();
        services.TryAddSingleton<SafePositionTracker>();
        services.TryAddSingleton<DueWorkStore>();
        services.AddSingleton<IFeedHandler, SegmentIndexConsumer>();
        services.AddSingleton<IFeedHandler, LiabilityConsumer>();
        services.AddSingleton<IFeedHandler, AnonymousProfileAbsorption>();
        services.AddOptions<AnonymousProfileOptions>().BindConfiguration(AnonymousProfileOptions.Section)
            .Validate(options => options.Retention > TimeSpan.Zero, $"{AnonymousProfileOptions.Section}:Retention must be a positive time span, e.g. 90.00:00:00 for 90 days.")
            .ValidateOnStart();
        return services;
    }
}
