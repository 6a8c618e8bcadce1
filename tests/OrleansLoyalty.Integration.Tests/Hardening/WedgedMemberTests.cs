using System.Net;
using System.Net.Http.Json;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Hardening;

/// <summary>
/// A key that names one request of a member can never wedge that member when reused for another kind of
/// request: the reuse is answered at once with a 409, and the member goes on answering reads.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WedgedMemberTests(GatewayFixture fixture)
{
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(1);
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);
    private readonly HttpClient pos = fixture.Gateway.ClientWithKey(Api.PosKey);
    private readonly HttpClient app = fixture.Gateway.ClientWithKey(Api.AppKey);

    public static TheoryData<string> LedgerCommands => ["purchases", "redemptions", "adjustments"];

    [Theory]
    [MemberData(nameof(LedgerCommands))]
    public async Task An_enrolment_key_reused_on_a_ledger_command_is_a_409_and_the_member_still_answers(string command)
    {
        var key = "enrol-" + Guid.NewGuid().ToString("N");
        var body = Api.EnrolBody();
        var member = await (await admin.PostAsJsonAsync("/v1/members", WithKey(body, key))).Json(HttpStatusCode.Created);
        var memberId = (string)member["memberId"]!;

        object request = command switch
        {
            "purchases" => Api.PurchaseBody(key, 10m),
            "redemptions" => Api.RedemptionBody(key, 1),
            _ => new { idempotencyKey = key, points = 5, reason = "goodwill" },
        };
        var answered = await WithinSeconds(5, () => admin.PostAsJsonAsync($"/v1/members/{memberId}/{command}", request));
        await answered.Problem(HttpStatusCode.Conflict, "idempotency-key-reused");

        await MemberAnswersWithin(memberId, ReadDeadline);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1", memberId));
        // The enrolment's retry is still recognised as the same enrolment.
        await (await admin.PostAsJsonAsync("/v1/members", WithKey(body, key))).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_purchase_key_reused_on_an_offer_activation_is_a_409_and_changes_nothing()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("shared-key", 20m))).Json(HttpStatusCode.OK);
        var offers = await (await app.GetAsync($"/v1/members/{memberId}/offers")).Json(HttpStatusCode.OK);
        var offerId = Uri.EscapeDataString((string)offers["offers"]![0]!["id"]!);

        var answered = await WithinSeconds(5, () => app.PostAsJsonAsync($"/v1/members/{memberId}/offers/{offerId}/activation", new { idempotencyKey = "shared-key" }));

        await answered.Problem(HttpStatusCode.Conflict, "idempotency-key-reused");
        await MemberAnswersWithin(memberId, ReadDeadline);
        Assert.Equal(2, await fixture.Database.ScalarAsync("SELECT count(*) FROM member_events WHERE member_id = $1", memberId));
    }

    [Fact]
    public async Task An_offer_key_is_held_by_the_store_so_a_later_purchase_cannot_reuse_it()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        var offers = await (await app.GetAsync($"/v1/members/{memberId}/offers")).Json(HttpStatusCode.OK);
        var offerId = Uri.EscapeDataString((string)offers["offers"]![0]!["id"]!);
        await (await app.PostAsJsonAsync($"/v1/members/{memberId}/offers/{offerId}/activation", new { idempotencyKey = "offer-key" })).Json(HttpStatusCode.OK);

        await (await pos.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("offer-key", 20m))).Problem(HttpStatusCode.Conflict, "idempotency-key-reused");

        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM member_events WHERE member_id = $1 AND idempotency_key = 'offer-key'", memberId));
        await MemberAnswersWithin(memberId, ReadDeadline);
    }

    private async Task MemberAnswersWithin(string memberId, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var wallet = await pos.GetAsync($"/v1/members/{memberId}/wallet", timeout.Token);
        await wallet.Json(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> WithinSeconds(int seconds, Func<Task<HttpResponseMessage>> send)
    {
        var sending = send();
        var finished = await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(finished == sending, $"no answer within {seconds} s");
        return await sending;
    }

    private static System.Text.Json.Nodes.JsonObject WithKey(object body, string key)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject();
        json["idempotencyKey"] = key;
        return json;
    }
}
