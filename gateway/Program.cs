using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansLoyalty.Gateway.Cashback;
using OrleansLoyalty.Gateway.Consent;
using OrleansLoyalty.Gateway.Feed;
using OrleansLoyalty.Gateway.Hosting;
using OrleansLoyalty.Gateway.Identity;
using OrleansLoyalty.Gateway.Ledger;
using OrleansLoyalty.Gateway.LoyaltyProgram;
using OrleansLoyalty.Gateway.Members;
using OrleansLoyalty.Gateway.Partners;
using OrleansLoyalty.Gateway.Memberships;
using OrleansLoyalty.Gateway.Personalization;
using OrleansLoyalty.Gateway.Prediction;
using OrleansLoyalty.Gateway.Problems;
using OrleansLoyalty.Gateway.Reporting;
using OrleansLoyalty.Gateway.Security;
using OrleansLoyalty.Gateway.Tiers;
using OrleansLoyalty.ServiceDefaults;
using OrleansLoyalty.ServiceDefaults.Cluster;
using OrleansLoyalty.Storage.Schema;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var settings = LoyaltyClusterSettings.From(builder.Configuration);

builder.AddServiceDefaults();
builder.AddOrleans(settings);
builder.Services.AddHealthChecks()
    .AddStorageReadinessChecks(ServiceDefaultsExtensions.ReadyTag)
    .AddClusterReadinessCheck(ServiceDefaultsExtensions.ReadyTag);
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IdentifierResolver>();
builder.Services.AddSingleton(PurchasePolicies.From(builder.Configuration));
builder.Services.AddApiJson();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
// Malformed bodies and parameters become exceptions, so ProblemExceptionHandler can explain them.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddApiKeyAuthentication(builder.Configuration);
builder.Services.AddQrTokens(builder.Configuration);
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseExceptionHandler();
// Whatever the Accept header, a bare status (unknown route, wrong method) is answered as a problem too.
app.UseStatusCodePages(context => Problem.ForStatus(context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
app.UseRequestBodyGuard();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapDefaultEndpoints();
var memberGroup = app.MapMemberGroup();
app.MapMembersApi(memberGroup);
app.MapProfileApi(memberGroup);
app.MapIdentifiersApi(memberGroup);
app.MapMergesApi(memberGroup);
app.MapQrTokensApi(memberGroup);
app.MapLedgerApi(memberGroup);
app.MapRewardsApi(memberGroup);
app.MapWalletApi(memberGroup);
app.MapCashbackApi(memberGroup);
app.MapMembershipsApi(memberGroup);
app.MapConsentApi(memberGroup);
app.MapPredictionApi(memberGroup);
app.MapOffersApi(memberGroup);
app.MapBehaviourEventsApi();
app.MapSegmentsApi();
app.MapReportsApi();
app.MapPartnersApi();
app.MapFeedApi();
app.MapProgramApi();

await app.RunAsync();

/// <summary>Visible to the HTTP tests, which host this same program.</summary>
public partial class Program;
