using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Integration.Tests.LoyaltyProgram;

namespace OrleansLoyalty.Integration.Tests.Reporting;

/// <summary>A gateway and cluster of their own: the liability report sums every member of the database.</summary>
public sealed class ReportingFixture : GatewayFixture;

[CollectionDefinition(Name)]
public sealed class ReportingCollection : ICollectionFixture<ReportingFixture>
{
    public const string Name = "reporting";
}

/// <summary>The liability report agrees with every member's wallet and with the movements that made it.</summary>
[Collection(ReportingCollection.Name)]
public sealed class LiabilityReportTests(ReportingFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task Outstanding_points_by_expiry_month_and_tier_equal_the_sum_of_all_wallets_and_of_the_movements()
    {
        // The example program: 14 days pending, expiry at the end of the quarter a year after the purchase.
        await Programs.Replace(admin, Programs.Example());
        var members = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
            members.Add(memberId);
            // One purchase long enough ago to be available, one still pending.
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("old", 100m + i, DateTimeOffset.UtcNow.AddDays(-40 - (30 * i))))).Json(HttpStatusCode.OK);
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("new", 50m, DateTimeOffset.UtcNow.AddMinutes(-5)))).Json(HttpStatusCode.OK);
        }
        await (await pos.PostAsJsonAsync($"/v1/members/{members[0]}/redemptions", Api.RedemptionBody("redeem", 40))).Json(HttpStatusCode.OK);
        await (await pos.PostAsJsonAsync($"/v1/members/{members[1]}/returns", new
        {
            idempotencyKey = "return", originalIdempotencyKey = "new", lines = new[] { new { sku = "A1", quantity = 1, amount = 50 } },
        })).Json(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/v1/members/{members[2]}/adjustments", new { idempotencyKey = "goodwill", points = 25, reason = "late delivery" })).Json(HttpStatusCode.OK);

        var wallets = await Task.WhenAll(members.Select(async id => await (await admin.GetAsync($"/v1/members/{id}/wallet")).Json(HttpStatusCode.OK)));
        var held = wallets.Sum(w => (long)w["pointsBalance"]! + (long)w["pendingPoints"]! - (long)w["pointsDebt"]!);

        // The report follows the change feed: poll until it has caught up with the last write.
        var report = await Eventually.Succeeds(async () =>
        {
            var body = await (await admin.GetAsync("/v1/reports/liability")).Json(HttpStatusCode.OK);
            return (long)body["outstanding"]!["total"]! == held && (long)body["period"]!["adjusted"]! == 25 ? body : throw new InvalidOperationException($"not caught up: {body}");
        }, TimeSpan.FromSeconds(20), "the report catching up");

        var outstanding = report["outstanding"]!;
        Assert.Equal(4, (int)outstanding["members"]!);
        Assert.Equal(wallets.Sum(w => (long)w["pendingPoints"]!), (long)outstanding["pending"]!);
        var buckets = report["byExpiryMonth"]!.AsArray();
        Assert.Equal((long)outstanding["available"]! + (long)outstanding["pending"]!, buckets.Sum(b => (long)b!["available"]! + (long)b["pending"]!));
        // Purchases expire at quarter ends a year on; the goodwill credit never does.
        Assert.All(buckets.Where(b => b!["expiresMonth"] is not null), b => Assert.Contains(((string)b!["expiresMonth"]!)[5..], new[] { "03", "06", "09", "12" }));
        Assert.Contains(buckets, b => b!["expiresMonth"] is null && (long)b["available"]! == 25);

        var period = report["period"]!;
        Assert.Equal(40L, (long)period["redeemed"]!);
        Assert.True((long)period["clawedBack"]! > 0);
        Assert.Equal(0m, (decimal)period["breakageRate"]!);
        Assert.Equal(held, (long)period["issued"]! - (long)period["redeemed"]! - (long)period["expired"]! - (long)period["clawedBack"]! + (long)period["adjusted"]!);
    }

    [Fact]
    public async Task The_report_is_for_admins_and_refuses_a_reversed_period()
    {
        await (await pos.GetAsync("/v1/reports/liability")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.GetAsync("/v1/reports/liability?from=2026-02-01&to=2026-01-01")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.GetAsync("/v1/reports/liability?from=yesterday")).Problem(HttpStatusCode.BadRequest, "malformed-request");
    }
}
