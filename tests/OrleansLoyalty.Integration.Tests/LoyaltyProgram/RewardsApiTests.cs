using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>The rewards catalogue: codes bought with points, consumed once at a till, stock never below zero.</summary>
[Collection(ProgramCollection.Name)]
public sealed class RewardsApiTests(ProgramFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_reward_gives_a_code_once_per_key_the_till_uses_it_once_and_tier_and_limit_are_enforced()
    {
        await Programs.Replace(admin, Programs.Example());
        var memberId = await MemberWithPoints("rich", 200m);
        var before = (long)(await (await admin.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK))["pointsBalance"]!;

        var first = await (await Redeem(memberId, "mini-mascara", "mascara-1")).Json(HttpStatusCode.OK);
        var again = await (await Redeem(memberId, "mini-mascara", "mascara-1")).Json(HttpStatusCode.OK);
        var code = (string)first["code"]!;
        Assert.Equal((250L, before - 250, false), ((long)first["pointsRedeemed"]!, (long)first["pointsBalance"]!, (bool)first["replayed"]!));
        Assert.Equal((code, true), ((string)again["code"]!, (bool)again["replayed"]!));

        var used = await (await pos.PostAsync($"/v1/codes/{code.ToLowerInvariant()}/consumption", null)).Json(HttpStatusCode.OK);
        Assert.Equal((memberId, "mini-mascara"), ((string)used["memberId"]!, (string)used["rewardId"]!));
        await (await pos.PostAsync($"/v1/codes/{code}/consumption", null)).Problem(HttpStatusCode.Conflict, "code-used");
        await (await pos.PostAsync("/v1/codes/NOSUCHCODE12/consumption", null)).Problem(HttpStatusCode.NotFound, "code-not-found");

        await (await Redeem(memberId, "makeover", "makeover-1")).Problem(HttpStatusCode.Conflict, "tier-required");
        await (await Redeem(memberId, "no-such-reward", "nothing-1")).Problem(HttpStatusCode.NotFound, "reward-not-found");
        await (await Redeem(memberId, "mini-mascara", "mascara-2")).Problem(HttpStatusCode.Conflict, "insufficient-points");
        var ledger = await (await admin.GetAsync($"/v1/members/{memberId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Single(ledger["entries"]!.AsArray(), e => (string)e!["type"]! == "redeem");
    }

    [Fact]
    public async Task Fifty_concurrent_redemptions_of_a_reward_with_five_in_stock_issue_exactly_five_codes_and_charge_only_their_buyers()
    {
        var program = Programs.Example();
        program["rewards"] = new JsonArray(new JsonObject { ["id"] = "limited-palette", ["name"] = "Limited palette", ["cost"] = 100, ["stock"] = 5, ["validDays"] = 7 });
        await Programs.Replace(admin, program);
        var members = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => MemberWithPoints($"palette-{i}", 100m)));

        var answers = await Task.WhenAll(members.Select(id => Redeem(id, "limited-palette", "palette")));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(5, await fixture.Database.ScalarAsync("SELECT issued FROM reward_stock WHERE reward_id = 'limited-palette'"));
        Assert.Equal(5, await fixture.Database.ScalarAsync("SELECT count(*) FROM reward_codes WHERE reward_id = 'limited-palette' AND issued"));
        var wallets = await Task.WhenAll(members.Select(async id => (long)(await (await admin.GetAsync($"/v1/members/{id}/wallet")).Json(HttpStatusCode.OK))["pointsBalance"]!));
        Assert.Equal(5, wallets.Count(balance => balance == 100));
    }

    /// <summary>A member whose purchase is past the 14-day return window, so its points are available.</summary>
    private async Task<string> MemberWithPoints(string key, decimal amount)
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody(key, amount, DateTimeOffset.UtcNow.AddDays(-20)))).Json(HttpStatusCode.OK);
        return memberId;
    }

    private Task<HttpResponseMessage> Redeem(string memberId, string rewardId, string key) =>
        pos.PostAsJsonAsync($"/v1/members/{memberId}/rewards/{rewardId}/redemption", new { idempotencyKey = key });
}
