using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansLoyalty.Integration.Tests.Infrastructure;

namespace OrleansLoyalty.Integration.Tests.Hardening;

/// <summary>
/// Whatever the edge accepts, and whatever an older, looser rule once stored, a member stays readable:
/// folding and scoring a stored history never throws.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StoredHistoryTests(GatewayFixture fixture)
{
    private static readonly string[] Reads = ["", "/wallet", "/ledger", "/behaviour", "/offers"];
    private static readonly string[] Categories = ["shoes", "Bücher", "おもちゃ", "كتب", "🎧 audio", "a\u200Db", null!];
    private static readonly string[] Currencies = ["EUR", "USD", "gbp", "CHF"];
    private readonly HttpClient admin = fixture.Gateway.ClientWithKey(Api.AdminKey);

    [Fact]
    public async Task Facts_an_older_rule_admitted_are_still_read()
    {
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        var legacy = new JsonObject
        {
            ["kind"] = "earned", ["recordedAt"] = "2024-05-01T10:00:00+00:00", ["idempotencyKey"] = "legacy", ["fingerprint"] = "legacy",
            ["points"] = 3, ["amount"] = -3, ["currency"] = "IDR", ["occurredAt"] = "2024-05-01T10:00:00+00:00", ["channel"] = "pos",
            ["storeId"] = null, ["discount"] = -5, ["items"] = new JsonArray(new JsonObject { ["sku"] = "A", ["category"] = "x\u0001", ["quantity"] = 0, ["amount"] = -1 }),
        };
        await using (var insert = fixture.Database.DataSource.CreateCommand(
            "INSERT INTO member_events (member_id, version, event_type, idempotency_key, payload) VALUES ($1, 2, 'earned', 'legacy', $2::jsonb)"))
        {
            insert.Parameters.AddWithValue(memberId);
            insert.Parameters.AddWithValue(legacy.ToJsonString());
            await insert.ExecuteNonQueryAsync();
        }

        // The active grain learns of the row when its next append loses the race for version 2.
        await (await admin.PostAsJsonAsync($"/v1/members/{memberId}/purchases", Api.PurchaseBody("after-legacy", 12m))).Json(HttpStatusCode.OK);

        await EveryReadSucceeds(memberId);
        var wallet = await (await admin.GetAsync($"/v1/members/{memberId}/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(15L, (long)wallet["pointsBalance"]!);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2026)]
    public async Task After_any_sequence_of_valid_requests_every_read_of_the_member_succeeds(int seed)
    {
        var random = new Random(seed);
        var memberId = (string)(await Api.Enrol(admin))["memberId"]!;
        for (var i = 0; i < 40; i++)
        {
            var (path, body) = RandomValidRequest(random, $"{seed}-{i}");
            var response = await admin.PostAsync($"/v1/members/{memberId}/{path}", Api.RawJson(body.ToJsonString()));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict,
                $"seed {seed}, request {i} to {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()} for {body}");
        }
        await EveryReadSucceeds(memberId);
    }

    private async Task EveryReadSucceeds(string memberId)
    {
        foreach (var read in Reads)
        {
            var response = await admin.GetAsync($"/v1/members/{memberId}{read}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {read}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A request the API documents as valid, drawn from the edges of what it accepts.</summary>
    private static (string Path, JsonObject Body) RandomValidRequest(Random random, string key) => random.Next(10) switch
    {
        < 6 => ("purchases", RandomPurchase(random, key)),
        < 8 => ("redemptions", new JsonObject { ["idempotencyKey"] = key, ["points"] = random.Next(1, 200), ["reason"] = "reward ☕" }),
        _ => ("adjustments", new JsonObject { ["idempotencyKey"] = key, ["points"] = random.Next(-50, 50) is var p && p != 0 ? p : 1, ["reason"] = "goodwill" }),
    };

    private static JsonObject RandomPurchase(Random random, string key)
    {
        var lines = new JsonArray();
        var linesTotal = 0m;
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            var amount = Cents(random);
            linesTotal += amount;
            lines.Add(new JsonObject
            {
                ["sku"] = $"sku-{random.Next(100)}",
                ["category"] = Categories[random.Next(Categories.Length)],
                ["quantity"] = random.Next(1, 2000) / 1000m,
                ["amount"] = amount,
            });
        }
        var discount = random.Next(4) == 0 ? Math.Min(linesTotal, decimal.Round(Cents(random) / 10, 2)) : 0m;
        var amountPaid = lines.Count > 0 ? linesTotal - discount : Cents(random);
        var offset = TimeSpan.FromHours(random.Next(-12, 15));
        var occurredAt = new DateTimeOffset(DateTime.UtcNow.AddDays(-random.Next(0, 3000)).AddMinutes(-random.Next(0, 1440)), TimeSpan.Zero).ToOffset(offset);
        var purchase = new JsonObject
        {
            ["idempotencyKey"] = key,
            ["amount"] = random.Next(20) == 0 ? JsonValue.Create(-0.00m) : amountPaid,
            ["currency"] = Currencies[random.Next(Currencies.Length)],
            ["occurredAt"] = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
            ["channel"] = random.Next(2) == 0 ? "pos" : "web",
            ["storeId"] = random.Next(3) == 0 ? null : $"store {random.Next(50)} — ünïcode",
        };
        if (lines.Count > 0 && purchase["amount"]!.GetValue<decimal>() == amountPaid)
        {
            purchase["lines"] = lines;
            purchase["discount"] = discount == 0 && random.Next(2) == 0 ? JsonValue.Create(-0m) : discount;
        }
        return purchase;
    }

    private static decimal Cents(Random random) => random.Next(0, 10) == 0 ? 0m : random.Next(1, 5_000_00) / 100m;
}
