using System.Globalization;
using System.Text;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// A class of cases for one endpoint ("amount: decimal-extreme", "content-type"...): it spoils the request in one
/// way, with <see cref="Variants"/> values to cycle through. <see cref="Slots"/> is what it spoils, so it is only
/// anchored on something else; a class that is not invalid by itself has <see cref="Anchors"/> to pick from.
/// </summary>
internal sealed record CaseClass(
    EndpointSpec Endpoint,
    string Name,
    int Variants,
    Expectation Expect,
    IReadOnlyList<Anchor> Anchors,
    Action<CaseDraft, int> Spoil)
{
    public FuzzCase Build(int variant, CaseContext context, int anchorPick)
    {
        var draft = new CaseDraft(Endpoint, context);
        var anchor = Anchors.Count == 0 ? null : Anchors[anchorPick % Anchors.Count];
        anchor?.Apply(draft, context);
        Spoil(draft, variant);
        return new FuzzCase(Endpoint, Name, draft.Render(), Expect, context.Member, anchor?.Name);
    }
}

/// <summary>
/// Derives every case class of every endpoint from the endpoint table and the input tables: per body field and
/// kind of bad value, per query parameter, per route parameter, and the body-, header-, method- and key-level ones.
/// </summary>
internal static class CaseCatalog
{
    private static readonly HttpMethod Patch = HttpMethod.Patch;
    private static readonly string[] Fractions = ["0.1", "0.33", "0.5", "0.9", "-1", "-2"];
    private static readonly byte[][] InvalidUtf8 =
        [[0xc0, 0xaf], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xff], [0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]];

    private static readonly string[] UnknownProperties =
    [
        "\"unknownField\":1", "\"$type\":\"Member\"", "\"$id\":\"1\"", "\"$ref\":\"#\"", "\"$values\":[]", "\"__proto__\":{\"isAdmin\":true}",
        "\"\":1", "\"\\u0000\":1", "\"a\\ud800\":1", string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"p{i}\":{i}")),
        "\"constructor\":{\"prototype\":{}}",
    ];

    private static readonly (string Name, Func<byte[], byte[]> Transform)[] Reencodings =
    [
        ("utf8-bom", body => [0xef, 0xbb, 0xbf, .. body]),
        ("utf16le", body => Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(body))),
        ("utf16le-bom", body => [0xff, 0xfe, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(body))]),
        ("trailing-nul", body => [.. body, 0x00]),
        ("trailing-object", body => [.. body, .. "{}"u8]),
        ("trailing-garbage", body => [.. body, .. "x"u8]),
        ("two-bodies", body => [.. body, .. body]),
    ];

    private static readonly (string Name, Action<CaseDraft> Pad)[] HugeBodies =
    [
        ("padding-string-300KB", draft => draft.Json!.AppendRawMembers("\"padding\":" + InputTables.Literal(new string('p', 300 * 1024)))),
        ("padding-array-350KB", draft => draft.Json!.AppendRawMembers("\"padding\":[" + string.Join(",", Enumerable.Repeat("null", 70_000)) + "]")),
        ("trailing-whitespace-300KB", draft => draft.BodyTransform = body => [.. body, .. Encoding.ASCII.GetBytes(new string(' ', 300 * 1024))]),
        ("padding-string-1MB", draft => draft.Json!.AppendRawMembers("\"padding\":" + InputTables.Literal(new string('p', 1024 * 1024)))),
    ];

    /// <summary>Path segments for a well-formed member id no member has.</summary>
    private static readonly Func<CaseContext, string>[] UnknownMemberIds =
    [
        context => "m" + context.Sequence.ToString("x32", CultureInfo.InvariantCulture),
        _ => "m" + new string('f', 32),
        _ => "m" + new string('0', 32),
    ];

    public static IReadOnlyList<CaseClass> For(IEnumerable<EndpointSpec> endpoints) => [.. endpoints.SelectMany(ClassesOf)];

    private static IEnumerable<CaseClass> ClassesOf(EndpointSpec endpoint)
    {
        var classes = new ClassBuilder(endpoint);
        if (endpoint.Body is { } body)
        {
            AddBodyClasses(classes, body);
        }

        foreach (var parameter in endpoint.QueryParams)
        {
            AddQueryClasses(classes, parameter);
        }

        var rejected = endpoint.IsWrite ? Expectation.Refused : Expectation.Read;
        classes.Add("query: unknown-parameters", ["foo=bar", "%00=1", "a[b]=c", "=", "&&&", string.Join("&", Enumerable.Range(0, 200).Select(i => $"p{i}={i}"))],
            rejected, [], (draft, extra) => draft.RawQuery = extra);
        classes.Add("accept", InputTables.Accepts, rejected, [], (draft, accept) => draft.Headers.Add(new("Accept", accept)));
        AddMethodClasses(classes, endpoint);
        AddKeyClasses(classes, endpoint);
        AddRouteClasses(classes, endpoint);
        if (!endpoint.IsWrite)
        {
            classes.Add("body-on-get", ["{}", "not json", "{\"limit\":-1}"], Expectation.Read, [], (draft, body) =>
            {
                draft.RawBody = Encoding.UTF8.GetBytes(body);
                draft.ContentType = CaseDraft.JsonContentType;
            });
        }

        return classes.Built;
    }

    private static void AddBodyClasses(ClassBuilder classes, BodySpec body)
    {
        foreach (var field in body.Fields)
        {
            var slots = new[] { "body:" + field.Path };
            var needsAnchor = field.Kind != FieldKind.FutureOrInvalidDate;
            foreach (var valueClass in InputTables.ValueClasses.Where(c => c.Kinds.Contains(field.Kind)))
            {
                classes.Add($"{field.Path}: {valueClass.Name}", valueClass.Values, Expectation.Refused, needsAnchor ? slots : null,
                    (draft, value) => SpoilField(draft.Json!, field.Path, valueClass.Name, value));
            }

            if (field.SampleElement is { } sample)
            {
                classes.Add($"{field.Path}: many-valid-elements", [$"[{string.Join(",", Enumerable.Repeat(sample, 600))}]", $"[{string.Join(",", Enumerable.Repeat(sample, 5_000))}]"],
                    Expectation.Refused, slots, (draft, value) => draft.Json!.SetRaw(field.Path, value));
            }
        }

        // An empty or blank body is certainly invalid only where the body has required fields.
        string[] root = ["body:"];
        var blankNeedsAnchor = body.RequiresFields ? null : root;
        classes.Add("body: empty-or-blank", ["", "{}", "null", "   ", "[]"], Expectation.Refused, blankNeedsAnchor,
            (draft, text) => draft.RawBody = Encoding.UTF8.GetBytes(text));
        foreach (var group in InputTables.BrokenBodies.GroupBy(b => b.Name))
        {
            var neverValid = group.Key is "not-json" or "deep-nesting";
            var bodies = group.Select(b => b.Body).ToArray();
            classes.Add($"body: {group.Key}", bodies.Length, Expectation.Refused, neverValid ? null : blankNeedsAnchor,
                (draft, variant) => draft.RawBody = bodies[variant]);
        }

        classes.Add("body: truncated", Fractions, Expectation.Refused, null, (draft, fraction) => draft.BodyTransform = bytes =>
        {
            var at = double.Parse(fraction, CultureInfo.InvariantCulture);
            var length = at < 0 ? bytes.Length + (int)at : (int)(bytes.Length * at);
            return bytes[..length];
        });
        if (body.Fields.FirstOrDefault(f => f.Kind == FieldKind.Text) is { } text)
        {
            classes.Add($"{text.Path}: invalid-utf8", InvalidUtf8.Length, Expectation.Refused, ["body:" + text.Path],
                (draft, variant) => draft.Json!.SetRaw(text.Path, [(byte)'"', .. InvalidUtf8[variant], (byte)'"']));
        }

        classes.Add("body: encoding-or-trailing-data", Reencodings.Length, Expectation.Refused, [],
            (draft, variant) => draft.BodyTransform = Reencodings[variant].Transform);
        classes.Add("body: unknown-properties", UnknownProperties, Expectation.Refused, [], (draft, members) => draft.Json!.AppendRawMembers(members));
        classes.Add("body: huge (>256 KB)", HugeBodies.Length, new Expectation(Status: 413), [], (draft, variant) => HugeBodies[variant].Pad(draft));
        classes.Add("content-type", InputTables.ContentTypes.Length, Expectation.Refused, [],
            (draft, variant) => draft.ContentType = InputTables.ContentTypes[variant]);
    }

    private static void AddQueryClasses(ClassBuilder classes, QueryParam parameter)
    {
        foreach (var queryClass in InputTables.QueryClasses.Where(c => c.Kinds.Contains(parameter.Kind)))
        {
            classes.Add($"?{parameter.Name}: {queryClass.Name}", queryClass.Values, Expectation.Read, [], (draft, value) =>
            {
                switch (value)
                {
                    case QueryClass.Absent:
                        draft.SetQuery(parameter.Name, null);
                        break;
                    case QueryClass.Repeated:
                        var first = draft.Query.First(p => p.Key == parameter.Name).Value ?? "1";
                        draft.SetQuery(parameter.Name, first);
                        draft.Query.Add(new(parameter.Name, "%00"));
                        break;
                    default:
                        draft.SetQuery(parameter.Name, value);
                        break;
                }
            });
        }
    }

    private static void AddMethodClasses(ClassBuilder classes, EndpointSpec endpoint)
    {
        HttpMethod[] wrong = [.. new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, Patch }.Where(m => m != endpoint.Method)];
        // Health checks answer any method by design; elsewhere a method the route does not map is a 4xx.
        var expect = endpoint.IsPublic ? Expectation.Read : Expectation.Refused;
        classes.Add("method-not-allowed", wrong.Length, expect, [], (draft, variant) => draft.Method = wrong[variant]);
        HttpMethod[] probing = [HttpMethod.Head, HttpMethod.Options];
        classes.Add("head-or-options", probing.Length, Expectation.Read, [], (draft, variant) => draft.Method = probing[variant]);
    }

    private static void AddKeyClasses(ClassBuilder classes, EndpointSpec endpoint)
    {
        if (endpoint.IsPublic)
        {
            return;
        }

        classes.Add("api-key: unknown", InputTables.UnknownApiKeys.Length, new Expectation(Status: 401), [],
            (draft, variant) => draft.ApiKey = InputTables.UnknownApiKeys[variant]);
        var forbidden = ApiKeys.AllRoles.Except(endpoint.Roles).ToArray();
        if (forbidden.Length > 0)
        {
            classes.Add("api-key: role-not-allowed", forbidden, new Expectation(Status: 403), [],
                (draft, role) => draft.ApiKey = draft.Keys.For(role));
        }
    }

    private static void AddRouteClasses(ClassBuilder classes, EndpointSpec endpoint)
    {
        // A member id that names no member is invalid by itself: it is left unanchored so the route check is reached.
        if (endpoint.HasMember)
        {
            AddMemberIdClasses(classes, "member-id", (draft, id) => draft.MemberPath = id);
        }

        // No merge of the run ever succeeds, so no member id can be undone: an absorbed id is invalid by itself too.
        if (endpoint.HasAbsorbedMember)
        {
            AddMemberIdClasses(classes, "absorbed-id", (draft, id) => draft.AbsorbedPath = id);
        }

        if (endpoint.HasOffer)
        {
            AddPathSegmentClasses(classes, "offer-id", "junk", InputTables.BadOfferIds, null, (draft, id) => draft.OfferPath = id);
        }

        // The route names the member's own e-mail: a spoiled type or value is anchored on the other half, so junk that
        // the gateway normalizes back to that e-mail still cannot unlink it.
        if (endpoint.HasIdentifier)
        {
            AddPathSegmentClasses(classes, "identifier-type", "junk", InputTables.BadIdentifierTypes, ["route:type"], (draft, type) => draft.TypePath = type);
            AddPathSegmentClasses(classes, "identifier-value", "junk", InputTables.BadIdentifierValues, ["route:value"], (draft, value) => draft.ValuePath = value);
        }
    }

    private static void AddMemberIdClasses(ClassBuilder classes, string parameter, Action<CaseDraft, string> set)
    {
        AddPathSegmentClasses(classes, parameter, "malformed", InputTables.BadMemberIds, null, set);
        classes.Add($"{parameter}: unknown", UnknownMemberIds.Length, Expectation.Refused, null,
            (draft, variant) => set(draft, UnknownMemberIds[variant](draft.Context)));
    }

    /// <summary>Junk for one route parameter, and the path text Kestrel refuses before the gateway sees it.</summary>
    private static void AddPathSegmentClasses(
        ClassBuilder classes, string parameter, string junkClass, IReadOnlyList<string> junk, string[]? slots, Action<CaseDraft, string> set)
    {
        classes.Add($"{parameter}: {junkClass}", junk, Expectation.Refused, slots, set);
        classes.Add($"{parameter}: refused-by-server", InputTables.ServerRejectedPathSegments, Expectation.RefusedByServer, null, set);
    }

    private static void SpoilField(JsonDraft json, string path, string valueClass, string value)
    {
        switch (valueClass)
        {
            case "duplicate-name":
            case "case-variant-name":
                var name = path[(path.LastIndexOf('.') + 1)..];
                name = name.Contains('[', StringComparison.Ordinal) ? name[..name.IndexOf('[', StringComparison.Ordinal)] : name;
                var variantName = valueClass == "duplicate-name" ? name
                    : value.Length % 2 == 0 ? char.ToUpperInvariant(name[0]) + name[1..] : name.ToUpperInvariant();
                json.SetRaw(path, $"{json.ValueText(path)},\"{variantName}\":{value}");
                break;
            case "missing":
                json.Remove(path);
                break;
            default:
                json.SetRaw(path, value);
                break;
        }
    }

    /// <summary>
    /// Collects the classes of one endpoint and attaches the anchors each may use. <c>slots</c> null means the
    /// class is invalid by itself (no anchor); otherwise every anchor of the endpoint that spoils none of the
    /// slots is a candidate, and a class left without any is not generated: it could send a valid write.
    /// </summary>
    private sealed class ClassBuilder(EndpointSpec endpoint)
    {
        private readonly IReadOnlyList<Anchor> _anchors = AnchorsOf(endpoint);

        public List<CaseClass> Built { get; } = [];

        public void Add(string name, IReadOnlyList<string> values, Expectation expect, string[]? slots, Action<CaseDraft, string> spoil) =>
            Add(name, values.Count, expect, slots, (draft, variant) => spoil(draft, values[variant]));

        public void Add(string name, int variants, Expectation expect, string[]? slots, Action<CaseDraft, int> spoil)
        {
            // Reads need no anchor: they may be answered, and change nothing.
            IReadOnlyList<Anchor> anchors = slots is null || !endpoint.IsWrite ? [] : [.. _anchors.Where(a => !slots.Any(s => Overlaps(a.Slot, s)))];
            if (slots is not null && endpoint.IsWrite && anchors.Count == 0)
            {
                return;
            }

            Built.Add(new CaseClass(endpoint, name, variants, expect, anchors, spoil));
        }

        private static IReadOnlyList<Anchor> AnchorsOf(EndpointSpec endpoint)
        {
            var anchors = new List<Anchor>(endpoint.Body?.Anchors ?? []);
            if (endpoint.HasMember)
            {
                anchors.Add(new Anchor("unknown-member", "route:memberId", (draft, context) => draft.MemberPath = UnknownMemberIds[0](context)));
                anchors.Add(new Anchor("malformed-member", "route:memberId", (draft, _) => draft.MemberPath = "not-a-member"));
            }

            if (endpoint.HasIdentifier)
            {
                anchors.Add(new Anchor("unknown-type", "route:type", (draft, _) => draft.TypePath = "no-such-type"));
                anchors.Add(new Anchor("identifier-not-linked", "route:value", (draft, context) => draft.ValuePath = context.FreshKey + "%40example.com"));
            }

            if (endpoint.HasAbsorbedMember)
            {
                anchors.Add(new Anchor("never-merged", "route:absorbedId", (draft, context) => draft.AbsorbedPath = UnknownMemberIds[0](context)));
            }

            return anchors;
        }

        /// <summary>Two slots clash when they are the same, or one body path lies inside the other (or is the whole body).</summary>
        private static bool Overlaps(string a, string b)
        {
            if (!a.StartsWith("body:", StringComparison.Ordinal) || !b.StartsWith("body:", StringComparison.Ordinal))
            {
                return a == b;
            }

            var (pathA, pathB) = (a[5..], b[5..]);
            return pathA.Length == 0 || pathB.Length == 0 || pathA == pathB || Within(pathA, pathB) || Within(pathB, pathA);
        }

        private static bool Within(string path, string outer) =>
            path.StartsWith(outer + ".", StringComparison.Ordinal) || path.StartsWith(outer + "[", StringComparison.Ordinal);
    }
}
