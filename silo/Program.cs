using OrleansLoyalty.Grains.Hosting;
using OrleansLoyalty.ServiceDefaults;
using OrleansLoyalty.ServiceDefaults.Cluster;
using OrleansLoyalty.Storage.Schema;

// A silo: hosts member and identity grains, joins the cluster through PostgreSQL membership, and
// serves only health endpoints over HTTP. `--migrate-only` applies the schema and exits (the schema step).
var builder = WebApplication.CreateBuilder(args);
var settings = LoyaltyClusterSettings.From(builder.Configuration);

builder.AddServiceDefaults();
builder.Services.AddHealthChecks()
    .AddStorageReadinessChecks(ServiceDefaultsExtensions.ReadyTag)
    .AddClusterReadinessCheck(ServiceDefaultsExtensions.ReadyTag);
builder.UseOrleans(silo => silo.AddLoyaltyCluster(settings));

var app = builder.Build();
await LoyaltyDatabase.MigrateAsync(settings.ConnectionString, app.Services.GetRequiredService<ILoggerFactory>());
if (args.Contains("--migrate-only"))
{
    return;
}

app.MapDefaultEndpoints();
await app.RunAsync();
