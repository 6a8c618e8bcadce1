using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansLoyalty.Domain.Ledger;
using OrleansLoyalty.GrainInterfaces.Members;
using OrleansLoyalty.GrainInterfaces.Scheduling;
using OrleansLoyalty.Integration.Tests.Infrastructure;
using OrleansLoyalty.Storage.Ledger;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>The cashback wallet and paid memberships, through the API on PostgreSQL.</summary>
[Collection(ProgramCollection.Name)]
public sealed class CashbackAndMembershipApiTests(ProgramFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);

    [Fact]
    public async Task Purchases_credit_cashback_by_rule_spending_never_overdraws_a_retry_spends_once_and_a_return_takes_its_share_back()
    {
        await Programs.Replace(admin, ProgramWithCashback());
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;

        // 80 of skincare and a 20 gift card (excluded): 2% of 80 for the tier.
        var first = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Basket("cb-1", "pos", ("SK", "skincare", 80m), ("GC", "gift-cards", 20m)))).Json(HttpStatusCode.OK);
        Assert.Equal((1.60m, "EUR", 1.60m), ((decimal)first["cashback"]!["amount"]!, (string)first["cashback"]!["currency"]!, (decimal)first["cashback"]!["balance"]!));
        // In the app during the campaign: 2% + 3% of 50.
        var second = await (await app.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Basket("cb-2", "app", ("LP", "makeup", 50m)))).Json(HttpStatusCode.OK);
        Assert.Equal(["tier:insider", "campaign:app-days"], second["cashback"]!["breakdown"]!.AsArray().Select(r => (string)r!["rule"]!));
        Assert.Equal(4.10m, (decimal)second["cashback"]!["balance"]!);

        await (await Spend(memberId, "spend-1", 5m)).Problem(HttpStatusCode.Conflict, "insufficient-cashback");
        var spent = await (await Spend(memberId, "spend-2", 3m)).Json(HttpStatusCode.OK);
        var retried = await (await Spend(memberId, "spend-2", 3m)).Json(HttpStatusCode.OK);
        Assert.Equal((3m, 1.10m, false), ((decimal)spent["amountRedeemed"]!, (decimal)spent["cashbackBalance"]!, (bool)spent["replayed"]!));
        Assert.Equal((3m, 1.10m, true), ((decimal)retried["amountRedeemed"]!, (decimal)retried["cashbackBalance"]!, (bool)retried["replayed"]!));

        var returned = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/returns",
            new { idempotencyKey = "cb-ret-1", originalIdempotencyKey = "cb-1", lines = new[] { new { sku = "SK", quantity = 1, amount = 40m } } })).Json(HttpStatusCode.OK);
        Assert.Equal(0.80m, (decimal)returned["cashbackReturned"]!);

        var wallet = await (await app.GetAsync($"/v1/members/{memberId}/cashback")).Json(HttpStatusCode.OK);
        Assert.Equal(0.30m, (decimal)wallet["balances"]![0]!["balance"]!);
        var entries = wallet["entries"]!.AsArray();
        Assert.Equal(["return", "cashback-redeem", "earn", "earn"], entries.Select(e => (string)e!["type"]!));
        Assert.Equal(0.30m, entries.Sum(e => (decimal)e!["amount"]!));
        var card = await (await pos.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(0.30m, (decimal)card["cashback"]![0]!["balance"]!);
    }

    [Fact]
    public async Task Concurrent_spending_at_several_tills_never_takes_the_cashback_wallet_below_zero()
    {
        await Programs.Replace(admin, ProgramWithCashback());
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Basket("cc-1", "pos", ("SK", "skincare", 500m)))).Json(HttpStatusCode.OK);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Spend(memberId, $"till-{i}", 1.5m)));

        Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var wallet = await (await app.GetAsync($"/v1/members/{memberId}/cashback")).Json(HttpStatusCode.OK);
        Assert.Equal(1.00m, (decimal)wallet["balances"]![0]!["balance"]!);
    }

    [Fact]
    public async Task A_paid_membership_gives_its_benefits_on_card_and_wallet_multiplies_points_renews_from_its_end_and_is_scheduled_to_lapse()
    {
        await Programs.Replace(admin, ProgramWithCashback());
        var enrolment = await Api.Enrol(admin);
        var memberId = (string)enrolment["memberId"]!;

        var started = await (await app.PostAsJsonAsync($"/v1/members/{memberId}/memberships", new { idempotencyKey = "plus-1", planId = "beauty-plus" })).Json(HttpStatusCode.OK);
        var until = (DateTimeOffset)started["membership"]!["until"]!;
        Assert.False((bool)started["renewal"]!);
        Assert.InRange(until, DateTimeOffset.UtcNow.AddDays(27), DateTimeOffset.UtcNow.AddDays(32));
        var card = await (await pos.GetAsync($"/v1/members/lookup?type=loyalty&value={enrolment["loyaltyNumber"]}")).Json(HttpStatusCode.OK);
        Assert.Equal(("beauty-plus", true), ((string)card["membership"]!["planId"]!, (bool)card["benefits"]!["freeShipping"]!));

        var purchase = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", BasketAt(DateTimeOffset.UtcNow, "plus-p1", "pos", ("SK", "skincare", 10m)))).Json(HttpStatusCode.OK);
        Assert.Contains(purchase["breakdown"]!.AsArray(), r => (string)r!["rule"]! == "membership:beauty-plus" && (long)r["points"]! == 10);
        Assert.Contains(purchase["cashback"]!["breakdown"]!.AsArray(), r => (string)r!["rule"]! == "membership:beauty-plus" && (decimal)r["amount"]! == 0.10m);

        var renewed = await (await app.PostAsJsonAsync($"/v1/members/{memberId}/memberships", new { idempotencyKey = "plus-2", planId = "beauty-plus" })).Json(HttpStatusCode.OK);
        Assert.True((bool)renewed["renewal"]!);
        Assert.Equal(until.AddMonths(1).Date, ((DateTimeOffset)renewed["membership"]!["until"]!).Date);
        await (await app.PostAsJsonAsync($"/v1/members/{memberId}/memberships", new { idempotencyKey = "vip-1", planId = "vip-club" })).Problem(HttpStatusCode.Conflict, "membership-conflict");
        await (await app.PostAsJsonAsync($"/v1/members/{memberId}/memberships", new { idempotencyKey = "none-1", planId = "no-such-plan" })).Problem(HttpStatusCode.NotFound, "membership-not-found");

        Assert.Equal(2, await fixture.Database.ScalarAsync("SELECT count(*) FROM due_work WHERE kind = 'membership-lapse' AND key LIKE $1", memberId + "@%"));
        var wallet = await (await app.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal("Beauty Plus", (string)wallet["membership"]!["name"]!);
        var ledger = await (await admin.GetAsync($"/v1/members/{memberId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Equal(2, ledger["entries"]!.AsArray().Count(e => (string)e!["type"]! == "membership"));
    }

    [Fact]
    public async Task A_membership_whose_period_ended_lapses_once_when_its_item_runs_and_its_benefits_end()
    {
        await Programs.Replace(admin, ProgramWithCashback());
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        // A membership bought two months ago, as a stream written then would hold it.
        var store = new MemberEventStore(fixture.Database.DataSource);
        var account = await store.Load(memberId);
        var boughtAt = DateTimeOffset.UtcNow.AddMonths(-2);
        Assert.True(await store.TryAppend(memberId, account.Version,
            [new MembershipStarted(boughtAt, "old-plus", "fp-old-plus", "beauty-plus", "Beauty Plus", boughtAt, boughtAt.AddMonths(1), 4.99m, "EUR", false)]));
        var member = fixture.Gateway.Services.GetRequiredService<IClusterClient>().GetGrain<IMemberGrain>(memberId);
        await member.StreamChanged();
        var item = new DueWorkItem(1, "membership-lapse", memberId + "@x", boughtAt.AddMonths(1), 0);

        await member.RunDueWork(item);
        await member.RunDueWork(item);

        var wallet = await (await app.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Null(wallet["membership"]);
        var ledger = await (await admin.GetAsync($"/v1/members/{memberId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Single(ledger["entries"]!.AsArray(), e => (string)e!["type"]! == "membership-lapse");
    }

    private static JsonObject ProgramWithCashback()
    {
        var program = Programs.Example();
        program["cashback"] = new JsonObject
        {
            ["currency"] = "EUR",
            ["percentByTier"] = new JsonObject { ["insider"] = 2 },
            ["campaigns"] = new JsonArray(new JsonObject
            {
                ["id"] = "app-days", ["name"] = "App days", ["from"] = DateTimeOffset.UtcNow.AddDays(-3).ToString("O"), ["to"] = DateTimeOffset.UtcNow.AddDays(3).ToString("O"),
                ["percent"] = 3, ["channels"] = new JsonArray("app"),
            }),
        };
        program["memberships"]!.AsArray().Add(new JsonObject { ["id"] = "vip-club", ["name"] = "VIP club", ["periodMonths"] = 12, ["price"] = 99, ["currency"] = "EUR" });
        return program;
    }

    private static object Basket(string key, string channel, params (string Sku, string Category, decimal Amount)[] lines) => BasketAt(Api.PurchaseTime, key, channel, lines);

    private static object BasketAt(DateTimeOffset occurredAt, string key, string channel, params (string Sku, string Category, decimal Amount)[] lines) => new
    {
        idempotencyKey = key,
        amount = lines.Sum(l => l.Amount),
        currency = "EUR",
        occurredAt,
        channel,
        lines = lines.Select(l => new { sku = l.Sku, category = l.Category, quantity = 2, amount = l.Amount }).ToArray(),
    };

    private Task<HttpResponseMessage> Spend(string memberId, string key, decimal amount) =>
        pos.PostAsJsonAsync($"/v1/members/{memberId}/cashback/redemptions", new { idempotencyKey = key, amount, currency = "EUR", storeId = "s-1" });
}
