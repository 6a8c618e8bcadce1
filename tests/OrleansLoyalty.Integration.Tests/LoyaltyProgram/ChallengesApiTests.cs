using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.LoyaltyProgram;

/// <summary>Challenges through the API: a personal target with its reason, progress in the wallet, the reward exactly once.</summary>
[Collection(ProgramCollection.Name)]
public sealed class ChallengesApiTests(ProgramFixture fixture)
{
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);

    [Fact]
    public async Task A_member_sees_a_personal_target_and_progress_and_reaching_it_rewards_once()
    {
        var started = DateTimeOffset.UtcNow.AddDays(-3);
        var program = Programs.Example();
        program["challenges"] = new JsonArray(new JsonObject
        {
            ["id"] = "more-visits", ["name"] = "Visit us more", ["goal"] = "purchases",
            ["from"] = started.ToString("O"), ["to"] = started.AddDays(30).ToString("O"),
            ["target"] = new JsonObject { ["factor"] = 1.5, ["lookbackDays"] = 60, ["min"] = 2, ["max"] = 5 },
            ["rewardPoints"] = 300,
        });
        await Programs.Replace(admin, program);
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        // Four purchases in the 60 days before the challenge: 2 in a 30-day window, so 3 with half again.
        for (var i = 0; i < 4; i++)
        {
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"before-{i}", 20m, started.AddDays(-10 - i * 12)))).Json(HttpStatusCode.OK);
        }

        for (var i = 0; i < 2; i++)
        {
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"during-{i}", 20m, DateTimeOffset.UtcNow.AddMinutes(-10 + i)))).Json(HttpStatusCode.OK);
        }
        var challenge = (await Wallet(memberId))["challenges"]![0]!;
        Assert.Equal((3m, 2m, false), ((decimal)challenge["target"]!, (decimal)challenge["progress"]!, (bool)challenge["completed"]!));
        Assert.Contains("usually reach 2 purchases", (string)challenge["reason"]!);

        for (var i = 2; i < 4; i++)
        {
            await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody($"during-{i}", 20m, DateTimeOffset.UtcNow.AddMinutes(-10 + i)))).Json(HttpStatusCode.OK);
        }
        await Eventually.Succeeds(async () =>
        {
            Assert.True((bool)(await Wallet(memberId))["challenges"]![0]!["completed"]!);
            return true;
        }, TimeSpan.FromSeconds(30), "the challenge's reward");
        var ledger = await (await admin.GetAsync($"/v1/members/{memberId}/ledger")).Json(HttpStatusCode.OK);
        var rewards = ledger["entries"]!.AsArray().Where(e => (string)e!["type"]! == "challenge").ToList();
        Assert.Single(rewards);
        Assert.Equal(300L, (long)rewards[0]!["points"]!);
    }

    [Fact]
    public async Task App_sessions_reported_through_the_events_api_complete_an_app_session_challenge_once()
    {
        var program = Programs.Example();
        program["challenges"] = new JsonArray(new JsonObject
        {
            ["id"] = "open-the-app", ["name"] = "Open the app twice", ["goal"] = "app-sessions",
            ["from"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"), ["to"] = DateTimeOffset.UtcNow.AddDays(6).ToString("O"),
            ["target"] = new JsonObject { ["fixed"] = 2 }, ["rewardPoints"] = 50,
        });
        await Programs.Replace(admin, program);
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        var device = Api.NewDeviceId("challenge-app");
        var app = fixture.Gateway.ClientWithKey(Api.AppKey);
        await (await app.PostAsJsonAsync($"/v1/members/{memberId}/identifiers", new { type = "app_device", value = device })).Json(HttpStatusCode.Created);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.PostAsJsonAsync("/v1/events", Api.EventBody("app_device", device, "app_open", key: $"open-{i}"))).StatusCode);
        }

        await Eventually.Succeeds(async () =>
        {
            var challenge = (await Wallet(memberId))["challenges"]![0]!;
            Assert.Equal((3m, true), ((decimal)challenge["progress"]!, (bool)challenge["completed"]!));
            return true;
        }, TimeSpan.FromSeconds(30), "the app-session challenge's reward");
        var ledger = await (await admin.GetAsync($"/v1/members/{memberId}/ledger")).Json(HttpStatusCode.OK);
        Assert.Single(ledger["entries"]!.AsArray(), e => (string)e!["type"]! == "challenge");
    }

    private async Task<JsonObject> Wallet(string memberId) => await (await admin.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
}
