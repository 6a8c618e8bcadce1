using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class LedgerApiTests(GatewayFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);

    private async Task<string> NewMember() => (string)(await Api.Enrol(admin))["memberId"]!;

    [Fact]
    public async Task A_purchase_earns_one_point_per_whole_unit_and_its_retry_is_flagged_as_a_replay()
    {
        var memberId = await NewMember();

        var first = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("pos-17-000123", 42.50m))).Json(HttpStatusCode.OK);
        var retry = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("pos-17-000123", 42.50m))).Json(HttpStatusCode.OK);

        Assert.Equal((42L, 42L, "member", false), ((long)first["pointsEarned"]!, (long)first["pointsBalance"]!, (string)first["tier"]!, (bool)first["replayed"]!));
        Assert.Equal((42L, 42L, true), ((long)retry["pointsEarned"]!, (long)retry["pointsBalance"]!, (bool)retry["replayed"]!));
        var wallet = await (await app.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(42L, (long)wallet["pointsBalance"]!);
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_purchase_is_a_409_problem_and_changes_nothing()
    {
        var memberId = await NewMember();
        await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("k-1", 10m));

        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("k-1", 99m))).Problem(HttpStatusCode.Conflict, "idempotency-key-reused");

        var wallet = await (await pos.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(10L, (long)wallet["pointsBalance"]!);
    }

    [Fact]
    public async Task Redemptions_take_points_and_beyond_the_balance_are_a_409_insufficient_points_problem()
    {
        var memberId = await NewMember();
        await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("buy", 150m));

        var redeemed = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/redemptions", Api.RedemptionBody("r-1", 100))).Json(HttpStatusCode.OK);
        var refused = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/redemptions", Api.RedemptionBody("r-2", 100)))
            .Problem(HttpStatusCode.Conflict, "insufficient-points");

        Assert.Equal((100L, 50L, false), ((long)redeemed["pointsRedeemed"]!, (long)redeemed["pointsBalance"]!, (bool)redeemed["replayed"]!));
        Assert.Contains("50", (string)refused["detail"]!);
    }

    [Fact]
    public async Task The_wallet_shows_tier_progress_and_an_upgrade_happens_at_once()
    {
        var memberId = await NewMember();

        var before = await (await app.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        var purchase = await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("big", 1200m))).Json(HttpStatusCode.OK);
        var after = await (await app.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);

        Assert.Equal(("member", 0L, "silver", 1000L), Tier(before));
        Assert.Equal("silver", (string)purchase["tier"]!);
        Assert.Equal(("silver", 1200L, "gold", 3800L), Tier(after));
        Assert.Equal(1200L, (long)after["pointsBalance"]!);
    }

    [Fact]
    public async Task The_ledger_lists_entries_newest_first_in_pages()
    {
        var memberId = await NewMember();
        for (var i = 1; i <= 3; i++)
        {
            await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"buy-{i}", i * 10m));
        }
        await pos.PostAsJsonAsync($"/v1/members/{memberId}/redemptions", Api.RedemptionBody("redeem", 5));

        var first = await (await admin.GetAsync($"/v1/members/{memberId}/ledger?limit=3")).Json(HttpStatusCode.OK);
        var second = await (await admin.GetAsync($"/v1/members/{memberId}/ledger?limit=3&before={first["nextBefore"]}")).Json(HttpStatusCode.OK);

        Assert.Equal(["redeem:-5", "earn:30", "earn:20"], first["entries"]!.AsArray().Select(e => $"{e!["type"]}:{e["points"]}"));
        Assert.Equal(["earn:10"], second["entries"]!.AsArray().Select(e => $"{e!["type"]}:{e["points"]}"));
        Assert.Null(second["nextBefore"]);
    }

    [Theory]
    [InlineData("""{"idempotencyKey":"bad-1","amount":"lots","currency":"EUR","occurredAt":"2025-06-01T10:00:00Z"}""", "malformed-request")]
    [InlineData("""{"idempotencyKey":"bad-2","amount":42.5,""", "malformed-request")]
    [InlineData("""{"idempotencyKey":"bad-3","amount":-1,"currency":"EUR","occurredAt":"2025-06-01T10:00:00Z"}""", "validation")]
    [InlineData("""{"idempotencyKey":"bad-4","amount":10,"currency":"EURO","occurredAt":"2025-06-01T10:00:00Z"}""", "validation")]
    [InlineData("""{"idempotencyKey":"bad-5","amount":10,"currency":"EUR","occurredAt":"2999-01-01T00:00:00Z"}""", "validation")]
    [InlineData("""{"amount":10,"currency":"EUR","occurredAt":"2025-06-01T10:00:00Z"}""", "validation")]
    [InlineData("""{"idempotencyKey":"bad-6","amount":10,"currency":"EUR","occurredAt":"2025-06-01T10:00:00Z","lines":[{"sku":"","quantity":0,"amount":1}]}""", "validation")]
    public async Task Bad_purchase_input_is_a_400_problem_and_changes_nothing(string body, string problemType)
    {
        var memberId = await NewMember();

        await (await pos.PostAsync($"/v1/members/{memberId}/purchases", Api.RawJson(body))).Problem(HttpStatusCode.BadRequest, problemType);

        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1", memberId));
    }

    [Fact]
    public async Task Bad_redemption_input_is_a_400_problem_with_every_field_named()
    {
        var memberId = await NewMember();

        var problem = await (await pos.PostAsync($"/v1/members/{memberId}/redemptions", Api.RawJson("""{"points":0}""")))
            .Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(["idempotencyKey", "points", "reason"], problem["errors"]!.AsObject().PropertyNames());
    }

    [Fact]
    public async Task Writes_for_an_unknown_member_are_404()
    {
        await (await pos.PostAsJsonAsync($"/v1/members/m{Guid.NewGuid():N}/purchases", Api.PurchaseBody("k", 5m))).Problem(HttpStatusCode.NotFound, "member-not-found");
        await (await pos.PostAsJsonAsync($"/v1/members/m{Guid.NewGuid():N}/redemptions", Api.RedemptionBody("k", 5))).Problem(HttpStatusCode.NotFound, "member-not-found");
    }

    [Fact]
    public async Task Staff_adjustments_are_admin_only_and_never_take_the_balance_below_zero()
    {
        var memberId = await NewMember();

        var added = await (await admin.PostAsJsonAsync($"/v1/members/{memberId}/adjustments", new { idempotencyKey = "adj-1", points = 25, reason = "goodwill" })).Json(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/v1/members/{memberId}/adjustments", new { idempotencyKey = "adj-2", points = -26, reason = "correction" })).Problem(HttpStatusCode.Conflict, "insufficient-points");
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/adjustments", new { idempotencyKey = "adj-3", points = 5, reason = "x" })).Problem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(25L, (long)added["pointsBalance"]!);
        var ledger = await (await admin.GetAsync($"/v1/members/{memberId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Contains("dev-admin", (string)ledger["entries"]![0]!["description"]!);
    }

    private static (string, long, string?, long) Tier(System.Text.Json.Nodes.JsonObject wallet)
    {
        var tier = wallet["tier"]!;
        return ((string)tier["name"]!, (long)tier["qualifyingPoints"]!, (string?)tier["nextTier"], (long)tier["pointsToNextTier"]!);
    }
}
