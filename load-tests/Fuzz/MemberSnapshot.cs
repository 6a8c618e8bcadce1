using System.Text.Json.Nodes;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// What a member sees of themself: profile, wallet, the whole statement, offers and behaviour, as JSON. Taken
/// before and after the run; any difference is a fuzz request that changed a member although it was invalid.
/// </summary>
internal sealed record MemberSnapshot(FuzzMember Member, IReadOnlyDictionary<string, string> Views)
{
    private const int LedgerPageSize = 200;
    private const int MaxLedgerPages = 50;

    public static async Task<MemberSnapshot> TakeAsync(FuzzHttpClient http, FuzzMember member, string adminKey, TimeSpan timeout)
    {
        var path = $"/v1/members/{member.PathSegment}";
        async Task<string> Read(string pathAndQuery, Func<JsonNode, JsonNode>? normalize = null)
        {
            var response = await http.SendAsync(new FuzzRequest(HttpMethod.Get, pathAndQuery, adminKey), timeout);
            if (response.Status != 200)
            {
                return $"unreadable: {response.Failure ?? "HTTP " + response.Status} {Excerpt.Of(response.Body, 100)}";
            }

            var json = JsonNode.Parse(response.Body)!;
            return (normalize is null ? json : normalize(json)).ToJsonString();
        }

        var views = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["profile"] = await Read(path),
            ["wallet"] = await Read(path + "/wallet"),
            ["ledger"] = await ReadLedgerAsync(http, path, adminKey, timeout),
            ["offers"] = await Read(path + "/offers", WithoutMovingValidity),
            ["behaviour"] = await Read(path + "/behaviour"),
        };
        return new MemberSnapshot(member, views);
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
            var response = await http.SendAsync(new FuzzRequest(HttpMethod.Get, path + "/ledger" + query, adminKey), timeout);
            if (response.Status != 200)
            {
                return $"unreadable: {response.Failure ?? "HTTP " + response.Status} {Excerpt.Of(response.Body, 100)}";
            }

            var json = JsonNode.Parse(response.Body)!;
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
