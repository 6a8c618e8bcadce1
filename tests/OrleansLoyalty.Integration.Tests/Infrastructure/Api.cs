using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansLoyalty.Integration.Tests.Infrastructure;

/// <summary>The calls HTTP tests make, in the shape the API documents, plus checks on problem responses.</summary>
public static class Api
{
    public const string AdminKey = "dev-admin-key";
    public const string PosKey = "dev-pos-key";
    public const string AppKey = "dev-app-key";
    public const string IntegrationKey = "dev-integration-key";
    public const string PartnerKey = "dev-partner-key";
    public const string WebKey = "dev-web-key";

    /// <summary>The development QR token signing key of gateway/appsettings.Development.json, to sign tokens a test needs (expired ones).</summary>
    public const string QrSigningKey = "ZGV2LXFyLXRva2VuLXNpZ25pbmcta2V5OiBwdWJsaXNoZWQgaW4gdGhlIHJlcG9zaXRvcnk=";

    /// <summary>One fixed moment for every purchase a test run posts, so retried bodies are byte-identical.</summary>
    public static readonly DateTimeOffset PurchaseTime = DateTimeOffset.UtcNow.AddHours(-1);

    public static object EnrolBody(string? email = null, string? phone = null) => new
    {
        identifiers = new[]
        {
            new { type = "email", value = email ?? $"Member.{Guid.NewGuid():N}@Example.com" },
            new { type = "phone", value = phone ?? RandomPhone() },
        },
        profile = new { firstName = "Ann", lastName = "Lee", locale = "de-DE", timeZone = "Europe/Berlin" },
    };

    /// <param name="occurredAt">Defaults to <see cref="PurchaseTime"/>.</param>
    public static object PurchaseBody(string key, decimal amount, DateTimeOffset? occurredAt = null) => new
    {
        idempotencyKey = key,
        amount,
        currency = "EUR",
        occurredAt = occurredAt ?? PurchaseTime,
        channel = "pos",
        storeId = "s-17",
        lines = new[] { new { sku = "A1", category = "shoes", quantity = 1, amount } },
    };

    public static object RedemptionBody(string key, long points) => new { idempotencyKey = key, points, reason = "reward:coffee" };

    /// <summary>A fresh device or browser id (the token alphabet, 16 to 128 characters).</summary>
    public static string NewDeviceId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A behavioural event of a device or browser, as a website or app sends it.</summary>
    public static object EventBody(string identifierType, string identifier, string type, string? sku = null, string? category = null, string? query = null, string? key = null) => new
    {
        identifier = new { type = identifierType, value = identifier },
        type,
        sku,
        category,
        query,
        idempotencyKey = key,
    };

    public static string RandomPhone() => "+49 151 " + Random.Shared.NextInt64(10_000_000, 99_999_999);

    public static async Task<JsonObject> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Asserts an RFC 7807 problem response of the given status and type slug, and returns it.</summary>
    public static async Task<JsonObject> Problem(this HttpResponseMessage response, HttpStatusCode status, string typeSlug)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json(status);
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.EndsWith(typeSlug, (string)problem["type"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        return problem;
    }

    public static async Task<JsonObject> Enrol(HttpClient client, object? body = null) =>
        await (await client.PostAsJsonAsync("/v1/members", body ?? EnrolBody())).Json(HttpStatusCode.Created);

    /// <summary>Issues the member's app QR token and returns it.</summary>
    public static async Task<string> QrToken(HttpClient app, string memberId) =>
        (string)(await (await app.PostAsync($"/v1/members/{memberId}/qr-tokens", null)).Json(HttpStatusCode.Created))["token"]!;

    public static string QrLookup(string token) => $"/v1/members/lookup?type=qr&value={Uri.EscapeDataString(token)}";

    public static StringContent RawJson(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static string[] PropertyNames(this JsonObject json) => [.. json.Select(p => p.Key).Order()];
}
