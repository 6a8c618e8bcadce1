using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>Earning by the running program, pending points, returns, expiry by the scheduler and campaign budgets, over HTTP on PostgreSQL.</summary>
[Collection(ProgramCollection.Name)]
public sealed class MechanicsApiTests(ProgramFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task Points_are_broken_down_by_rule_pending_until_the_return_window_closes_and_returns_take_them_back()
    {
        var version = await Replace(Example());
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;

        var purchase = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Basket("buy-1", DateTimeOffset.UtcNow.AddMinutes(-5)))).Json(HttpStatusCode.OK);

        // 2 points a unit on 100 paid; gift cards earn nothing; fragrance doubles.
        Assert.Equal(version, (int)purchase["programVersion"]!);
        Assert.Equal(["base:120", "category:fragrance:60"], purchase["breakdown"]!.AsArray().Select(b => $"{b!["rule"]}:{b["points"]}"));
        Assert.Equal((180L, 0L, 180L), ((long)purchase["pointsEarned"]!, (long)purchase["pointsBalance"]!, (long)purchase["pendingPoints"]!));
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/redemptions", Api.RedemptionBody("redeem-1", 1))).Problem(HttpStatusCode.Conflict, "insufficient-points");

        var returned = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/returns", new
        {
            idempotencyKey = "return-1",
            originalIdempotencyKey = "buy-1",
            lines = new[] { new { sku = "perfume", quantity = 1, amount = 30 } },
        })).Json(HttpStatusCode.OK);

        Assert.Equal((120L, 60L), ((long)returned["pointsReturned"]!, (long)returned["pendingPoints"]!));
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/returns", new
        {
            idempotencyKey = "return-2",
            originalIdempotencyKey = "buy-1",
            lines = new[] { new { sku = "perfume", quantity = 1, amount = 30 } },
        })).Problem(HttpStatusCode.Conflict, "over-return");
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/returns", new { idempotencyKey = "return-3", originalIdempotencyKey = "nope", amount = 5 }))
            .Problem(HttpStatusCode.NotFound, "purchase-not-found");
        var wallet = await (await admin.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal((0L, 60L), ((long)wallet["pointsBalance"]!, (long)wallet["pendingPoints"]!));
    }

    [Fact]
    public async Task Pending_points_become_available_and_points_expire_on_time_for_members_who_never_come_back()
    {
        // The example's 14-day return window, for a purchase dated so that it closes in 2 s.
        await Replace(Example());
        var pendingMember = (string)(await Api.Enrol(admin))["memberId"]!;
        var pending = await (await pos.PostAsJsonAsync($"/v1/members/{pendingMember}/purchases",
            Api.PurchaseBody("pending-1", 50, DateTimeOffset.UtcNow.AddDays(-14).AddSeconds(2)))).Json(HttpStatusCode.OK);
        Assert.Equal((0L, (long)pending["pointsEarned"]!), ((long)pending["pointsBalance"]!, (long)pending["pendingPoints"]!));

        // A later version (no return window, expiry a month after the purchase) leaves the first purchase's window as it was decided.
        var expiring = Example();
        expiring["earning"]!["pendingDays"] = 0;
        expiring["expiry"] = new JsonObject { ["policy"] = "months-after-earn", ["months"] = 1 };
        await Replace(expiring);
        var expiringMember = (string)(await Api.Enrol(admin))["memberId"]!;
        var earned = (long)(await (await pos.PostAsJsonAsync($"/v1/members/{expiringMember}/purchases",
            Api.PurchaseBody("expiring-1", 50, DateTimeOffset.UtcNow.AddMonths(-1).AddSeconds(2)))).Json(HttpStatusCode.OK))["pointsEarned"]!;
        var before = await (await admin.GetAsync($"/v1/members/{expiringMember}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(earned, (long)before["expiring"]!["within30Days"]!);

        await Eventually.Holds(async () => await LineTypes(pendingMember) is ["release", ..] && await LineTypes(expiringMember) is ["expire", ..],
            TimeSpan.FromSeconds(30), "the points were released and expired");

        var released = await (await admin.GetAsync($"/v1/members/{pendingMember}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(((long)pending["pointsEarned"]!, 0L), ((long)released["pointsBalance"]!, (long)released["pendingPoints"]!));
        var expired = await (await admin.GetAsync($"/v1/members/{expiringMember}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(0L, (long)expired["pointsBalance"]!);
        var expiryLine = (await (await admin.GetAsync($"/v1/members/{expiringMember}/ledger")).Json(HttpStatusCode.OK))["entries"]!.AsArray()[0]!;
        Assert.Equal(-earned, (long)expiryLine["points"]!);
    }

    private async Task<string[]> LineTypes(string memberId) =>
        [.. (await (await admin.GetAsync($"/v1/members/{memberId}/ledger")).Json(HttpStatusCode.OK))["entries"]!.AsArray().Select(e => (string)e!["type"]!)];

    [Fact]
    public async Task Fifty_concurrent_purchases_never_overspend_a_campaign_budget()
    {
        var program = Example();
        program["earning"]!["pendingDays"] = 0;
        program["earning"]!["campaigns"] = new JsonArray(new JsonObject
        {
            ["id"] = "flash",
            ["name"] = "Flash sale",
            ["from"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            ["to"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
            ["multiplier"] = 2,
            ["totalBudget"] = 1_000,
        });
        await Replace(program);
        var members = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ => (string)(await Api.Enrol(admin))["memberId"]!));

        var responses = await Task.WhenAll(members.Select(async (memberId, i) =>
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"flash-{i}", 30))).Json(HttpStatusCode.OK)));

        // Each purchase wants 60 campaign points (2 a unit on 30): 3,000 wanted, 1,000 in the budget.
        var granted = responses.Sum(r => r["breakdown"]!.AsArray().Where(b => (string)b!["rule"]! == "campaign:flash").Sum(b => (long)b!["points"]!));
        Assert.Equal(1_000, granted);
        Assert.Equal(1_000, await fixture.Database.ScalarAsync("SELECT spent FROM campaign_budgets WHERE campaign_id = 'flash'"));
    }

    private Task<int> Replace(JsonObject program) => Programs.Replace(admin, program);

    private static JsonObject Example() => Programs.Example();

    private static object Basket(string key, DateTimeOffset occurredAt) => new
    {
        idempotencyKey = key,
        amount = 100m,
        currency = "EUR",
        occurredAt,
        channel = "pos",
        lines = new[]
        {
            new { sku = "perfume", category = "fragrance", quantity = 1, amount = 30m },
            new { sku = "card", category = "gift-cards", quantity = 1, amount = 40m },
            new { sku = "soap", category = "bath", quantity = 1, amount = 30m },
        },
    };
}
