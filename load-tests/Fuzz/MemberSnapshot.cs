using System.Text.Json.Nodes;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// What a member sees of themself: profile (with its identifiers), wallet, the whole statement, offers and behaviour,
/// and who owns its e-mail and phone, as JSON. Taken before and after the run; any difference is a fuzz request that
/// changed a member although it was invalid.
/// </summary>
internal sealed record MemberSnapshot(FuzzMember Member, IReadOnlyDictionary<string, string> Views)
{
    private const int LedgerPageSize = 200;
    private const int MaxLedgerPages = 50;
    public const string Unreadable = "unreadable";

    public static async Task<MemberSnapshot> TakeAsync(FuzzHttpClient http, FuzzMember member, string adminKey, TimeSpan timeout)
    {
        var path = $"/v1/members/{member.PathSegment}";
        (string Name, Func<Task<string>> Read)[] reads =
        [
            ("profile", () => ReadAsync(http, path, adminKey, timeout)),
            ("wallet", () => ReadAsync(http, path + "/wallet", adminKey, timeout)),
            ("ledger", () => ReadLedgerAsync(http, path, adminKey, timeout)),
            ("offers", () => ReadAsync(http, path + "/offers", adminKey, timeout, WithoutMovingValidity)),
            ("behaviour", () => ReadAsync(http, path + "/behaviour", adminKey, timeout)),
            ("owners", () => ReadOwnersAsync(http, member, adminKey, timeout)),
        ];
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, read) in reads)
        {
            // Once a view fails the member is not answering: the other views would only wait as long again.
            views[name] = views.Values.Any(v => v.StartsWith(Unreadable, StringComparison.Ordinal))
                ? $"{Unreadable} (not tried after an earlier view failed)"
                : await read();
        }

        return new MemberSnapshot(member, views);
    }

    private static async Task<string> ReadAsync(FuzzHttpClient http, string pathAndQuery, string adminKey, TimeSpan timeout, Func<JsonNode, JsonNode>? normalize = null)
    {
        var (json, error) = await FetchAsync(http, pathAndQuery, adminKey, timeout);
        return json is null ? error! : (normalize is null ? json : normalize(json)).ToJsonString();
    }

    /// <summary>The answer as JSON, or why there is none (starting with <see cref="Unreadable"/>).</summary>
    private static async Task<(JsonNode? Json, string? Error)> FetchAsync(FuzzHttpClient http, string pathAndQuery, string adminKey, TimeSpan timeout)
    {
        var response = await http.SendAsync(new FuzzRequest(HttpMethod.Get, pathAndQuery, adminKey), timeout);
        return response.Status == 200
            ? (JsonNode.Parse(response.Body)!, null)
            : (null, $"{Unreadable}: {response.Failure ?? "HTTP " + response.Status} {Excerpt.Of(response.Body, 100)}");
    }

    /// <summary>The views that differ, each with the first difference in context.</summary>
    public IEnumerable<(string View, string Difference)> Differences(MemberSnapshot after)
    {
        foreach (var (view, before) in Views)
        {
            var now = after.Views[view];
            if (before != now)
            {
                yield return (view, Describe(before, now));
            }
        }
    }

    /// <summary>Every page of the statement, newest first, as one array.</summary>
    private static async Task<string> ReadLedgerAsync(FuzzHttpClient http, string path, string adminKey, TimeSpan timeout)
    {
        var entries = new JsonArray();
        string? before = null;
        for (var page = 0; page < MaxLedgerPages; page++)
        {
            var query = $"?limit={LedgerPageSize}" + (before is null ? "" : $"&before={before}");
            var (json, error) = await FetchAsync(http, path + "/ledger" + query, adminKey, timeout);
            if (json is null)
            {
                return error!;
            }

            foreach (var entry in json["entries"]!.AsArray())
            {
                entries.Add(entry!.DeepClone());
            }

            before = json["nextBefore"]?.ToJsonString();
            if (before is null)
            {
                break;
            }
        }

        return entries.ToJsonString();
    }

    /// <summary>
    /// The owner of each identifier the member was enrolled with, as the identity index resolves it: the index is kept
    /// apart from the profile, so a link or unlink that reached only the index shows here.
    /// </summary>
    private static async Task<string> ReadOwnersAsync(FuzzHttpClient http, FuzzMember member, string adminKey, TimeSpan timeout)
    {
        var owners = new JsonObject();
        foreach (var (type, value) in new[] { ("email", member.Email), ("phone", member.Phone) })
        {
            var (json, error) = await FetchAsync(http, $"/v1/identity/resolve?type={type}&value={Uri.EscapeDataString(value)}", adminKey, timeout);
            if (json is null)
            {
                return error!;
            }

            owners[type] = json["memberId"]!.DeepClone();
        }

        return owners.ToJsonString();
    }

    /// <summary>An offer not taken up is planned afresh at each read, so its validity window moves with the clock.</summary>
    private static JsonNode WithoutMovingValidity(JsonNode offers)
    {
        foreach (var offer in offers["offers"]?.AsArray() ?? [])
        {
            if (offer?["state"]?.GetValue<string>() == "issued")
            {
                offer.AsObject().Remove("validFrom");
                offer.AsObject().Remove("validUntil");
            }
        }

        return offers;
    }

    private static string Describe(string before, string after)
    {
        var at = 0;
        while (at < before.Length && at < after.Length && before[at] == after[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 40);
        string Around(string text) => Excerpt.Of(text[from..Math.Min(text.Length, at + 80)], 120);
        return $"before …{Around(before)}  after …{Around(after)}";
    }
}
