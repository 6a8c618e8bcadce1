using System.Globalization;
using System.Text.Json.Nodes;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// What a case is built from: the member it aims at, another member of the run (whose identifiers are taken for
/// this one, and whom a merge case names), a fresh idempotency key, and the clock.
/// </summary>
internal sealed record CaseContext(FuzzMember Member, FuzzMember Other, string FreshKey, int Sequence, DateTimeOffset Now, ApiKeys Keys);

/// <summary>A body field the fuzzer spoils; <see cref="SampleElement"/> is one valid element of an array field.</summary>
internal sealed record FieldSpec(string Path, FieldKind Kind, string? SampleElement = null);

/// <summary>A query parameter and the valid value a case starts from (null: not sent unless spoiled).</summary>
internal sealed record QueryParam(string Name, QueryKind Kind, Func<CaseContext, string?> BaseValue);

/// <summary>
/// One way to make a write request certainly invalid without touching the field under test, so a fuzz write can
/// never change a member: the gateway must refuse it whatever it makes of the spoiled field. <see cref="Slot"/> is
/// what the anchor changes ("body:path" or "route:" and a route parameter); a case never anchors on its own slot.
/// </summary>
internal sealed record Anchor(string Name, string Slot, Action<CaseDraft, CaseContext> Apply)
{
    public static Anchor Body(string name, string path, Func<CaseContext, JsonNode?> value) =>
        new(name, "body:" + path, (draft, context) => draft.Json!.Set(path, value(context)));
}

/// <summary>
/// A request body: how to build a valid one for a member, its fields, and the anchors that make it invalid.
/// <see cref="RequiresFields"/> is false when an empty body is itself a valid request (the model fit).
/// <see cref="KeyOfMember"/> is false when the idempotency key is not one of the member's own (a merge's names the
/// merge), so the member's enrolment key sent again there is no conflict.
/// </summary>
internal sealed record BodySpec(
    Func<CaseContext, string> Base, IReadOnlyList<FieldSpec> Fields, IReadOnlyList<Anchor> Anchors, bool RequiresFields = true, bool KeyOfMember = true);

/// <summary>One route of the gateway, as the gateway source and its OpenAPI document declare it.</summary>
internal sealed record EndpointSpec(
    HttpMethod Method,
    string Route,
    IReadOnlyList<string> Roles,
    BodySpec? Body = null,
    IReadOnlyList<QueryParam>? Query = null)
{
    public string Name => $"{Method} {Route}";
    public bool IsWrite => Method == HttpMethod.Post || Method == HttpMethod.Put || Method == HttpMethod.Patch || Method == HttpMethod.Delete;
    public bool TakesMemberKey => Body is { KeyOfMember: true } body && body.Fields.Any(f => f.Path == "idempotencyKey");
    public bool IsPublic => Roles.Count == 0;
    public bool HasMember => Route.Contains("{memberId}", StringComparison.Ordinal);
    public bool HasOffer => Route.Contains("{offerId}", StringComparison.Ordinal);
    public bool HasIdentifier => Route.Contains("{type}/{value}", StringComparison.Ordinal);
    public bool HasAbsorbedMember => Route.Contains("{absorbedId}", StringComparison.Ordinal);
    public IReadOnlyList<QueryParam> QueryParams => Query ?? [];
}

/// <summary>
/// Every endpoint of the gateway (gateway/*/*Api.cs, roles from their AllowRoles) plus the public ones it maps
/// (health, OpenAPI, API reference). The run checks this table against /openapi/v1.json, so a new endpoint
/// that is not fuzzed fails the run instead of going unnoticed.
/// </summary>
internal static class EndpointCatalog
{
    private const string Admin = ApiKeys.AdminRole, Pos = ApiKeys.PosRole, App = ApiKeys.AppRole;

    public static readonly IReadOnlyList<EndpointSpec> All =
    [
        new(HttpMethod.Post, "/v1/members", [Admin, App], Enrolment()),
        new(HttpMethod.Get, "/v1/members/lookup", [Pos, Admin], Query:
        [
            new("type", QueryKind.Text, _ => "email"),
            new("value", QueryKind.Text, context => Uri.EscapeDataString(context.Member.Email)),
        ]),
        new(HttpMethod.Get, "/v1/members/{memberId}", [Admin, App]),
        new(HttpMethod.Patch, "/v1/members/{memberId}/profile", [Admin, App], ProfilePatch()),
        new(HttpMethod.Post, "/v1/members/{memberId}/qr-tokens", [App, Admin]),
        new(HttpMethod.Post, "/v1/members/{memberId}/purchases", [Pos, App, Admin], Purchase()),
        new(HttpMethod.Post, "/v1/members/{memberId}/redemptions", [Pos, App, Admin], Redemption()),
        new(HttpMethod.Post, "/v1/members/{memberId}/returns", [Pos, App, Admin], Return()),
        new(HttpMethod.Post, "/v1/members/{memberId}/rewards/{rewardId}/redemption", [Pos, App, Admin], RewardRedemption()),
        new(HttpMethod.Post, "/v1/codes/{code}/consumption", [Pos, Admin]),
        new(HttpMethod.Post, "/v1/members/{memberId}/adjustments", [Admin], Adjustment()),
        new(HttpMethod.Get, "/v1/members/{memberId}/ledger", [Admin, App], Query:
        [
            new("before", QueryKind.Integer, _ => null),
            new("limit", QueryKind.Integer, _ => "10"),
        ]),
        new(HttpMethod.Get, "/v1/members/{memberId}/wallet", [Admin, App, Pos]),
        new(HttpMethod.Get, "/v1/members/{memberId}/cashback", [Admin, App, Pos], Query: [new("limit", QueryKind.Integer, _ => "10")]),
        new(HttpMethod.Post, "/v1/members/{memberId}/cashback/redemptions", [Pos, App, Admin], CashbackRedemption()),
        new(HttpMethod.Post, "/v1/members/{memberId}/memberships", [Admin, App], MembershipStart()),
        new(HttpMethod.Get, "/v1/members/{memberId}/consents", [Admin, App]),
        new(HttpMethod.Get, "/v1/members/{memberId}/consents/history", [Admin, App]),
        new(HttpMethod.Put, "/v1/members/{memberId}/consents", [Admin, App], ConsentChange()),
        new(HttpMethod.Post, "/v1/models/clv/fit", [Admin], ModelFit()),
        new(HttpMethod.Get, "/v1/models/clv", [Admin]),
        new(HttpMethod.Get, "/v1/members/{memberId}/insights", [Admin], Query: [new("asOf", QueryKind.Date, _ => null)]),
        new(HttpMethod.Get, "/v1/members/{memberId}/behaviour", [Admin, App]),
        new(HttpMethod.Get, "/v1/members/{memberId}/offers", [Admin, App]),
        new(HttpMethod.Post, "/v1/members/{memberId}/offers/{offerId}/activation", [Admin, App], OfferCommand()),
        new(HttpMethod.Post, "/v1/members/{memberId}/offers/{offerId}/redemption", [Admin, App, Pos], OfferCommand()),
        // Also open to the web role, whose key the fuzzer does not hold.
        new(HttpMethod.Post, "/v1/events", [App, Admin], BehaviourEvent()),
        new(HttpMethod.Post, "/v1/members/{memberId}/identifiers", [Admin, App], IdentifierLink()),
        new(HttpMethod.Delete, "/v1/members/{memberId}/identifiers/{type}/{value}", [Admin, App]),
        new(HttpMethod.Get, "/v1/identity/resolve", [Admin, Pos], Query:
        [
            new("type", QueryKind.Text, _ => "email"),
            new("value", QueryKind.Text, context => Uri.EscapeDataString(context.Member.Email)),
        ]),
        new(HttpMethod.Post, "/v1/members/{memberId}/merges", [Admin], Merge()),
        new(HttpMethod.Post, "/v1/members/{memberId}/merges/{absorbedId}/undo", [Admin]),
        new(HttpMethod.Get, "/v1/segments", [Admin]),
        // Also open to the partner role, whose key the fuzzer does not hold.
        new(HttpMethod.Post, "/v1/partners/{partnerId}/earnings", [Admin], PartnerEarn()),
        new(HttpMethod.Post, "/v1/partners/{partnerId}/redemptions", [Admin], PartnerRedemption()),
        new(HttpMethod.Get, "/v1/reports/partners/{partnerId}/settlement", [Admin], Query:
        [
            new("from", QueryKind.Date, _ => null),
            new("to", QueryKind.Date, _ => null),
        ]),
        new(HttpMethod.Get, "/v1/reports/liability", [Admin], Query:
        [
            new("from", QueryKind.Date, _ => null),
            new("to", QueryKind.Date, _ => null),
        ]),
        new(HttpMethod.Get, "/v1/segments/members", [Admin], Query:
        [
            new("stage", QueryKind.Text, _ => "repeat"),
            new("rfmCell", QueryKind.Text, _ => null),
            new("after", QueryKind.Text, _ => null),
            new("limit", QueryKind.Integer, _ => "10"),
        ]),
        // Also open to the integration role, whose key the fuzzer does not hold: it checks the others are refused.
        new(HttpMethod.Get, "/v1/feed", [Admin], Query:
        [
            new("after", QueryKind.Integer, _ => "0"),
            new("limit", QueryKind.Integer, _ => "10"),
        ]),
        new(HttpMethod.Get, "/v1/program", [Admin]),
        new(HttpMethod.Put, "/v1/program", [Admin], ProgramDefinition()),
        new(HttpMethod.Get, "/v1/program/versions", [Admin]),
        new(HttpMethod.Get, "/health/live", []),
        new(HttpMethod.Get, "/health/ready", []),
        new(HttpMethod.Get, "/openapi/v1.json", []),
        new(HttpMethod.Get, "/scalar/v1", []),
    ];

    /// <summary>Routes the fuzzer knows but the OpenAPI document does not list (it describes only the API).</summary>
    public static bool IsOutsideOpenApi(EndpointSpec endpoint) => endpoint.IsPublic;

    private static BodySpec Enrolment() => new(
        context => $$"""
            {"identifiers":[{"type":"email","value":"{{context.FreshKey}}@example.com"},{"type":"phone","value":"+49159{{(context.Sequence % 100_000_000).ToString("D8", CultureInfo.InvariantCulture)}}"}],
             "profile":{"firstName":"Fuzz","lastName":"Case","locale":"de-DE","timeZone":"Europe/Berlin"},"idempotencyKey":"{{context.FreshKey}}"}
            """,
        [
            new("identifiers", FieldKind.ObjectArray, """{"type":"email","value":"many@example.com"}"""),
            new("identifiers[0].type", FieldKind.Text),
            new("identifiers[0].value", FieldKind.Text),
            new("identifiers[1].value", FieldKind.Text),
            new("profile", FieldKind.Object),
            new("profile.firstName", FieldKind.Text),
            new("profile.lastName", FieldKind.Text),
            new("profile.locale", FieldKind.Text),
            new("profile.timeZone", FieldKind.Text),
            new("idempotencyKey", FieldKind.Text),
        ],
        [
            Anchor.Body("invalid-locale", "profile.locale", _ => "not a locale!"),
            Anchor.Body("unknown-time-zone", "profile.timeZone", _ => "Mars/Olympus_Mons"),
            Anchor.Body("identifier-taken", "identifiers", context => new JsonArray(new JsonObject { ["type"] = "email", ["value"] = context.Member.Email })),
            Anchor.Body("enrolment-key-reused", "idempotencyKey", context => context.Member.EnrolmentKey),
        ]);

    private static BodySpec ProfilePatch() => new(
        _ => """{"firstName":"Fuzz","lastName":"Patched","locale":"fr-FR","timeZone":"Europe/Paris"}""",
        [
            new("firstName", FieldKind.Text),
            new("lastName", FieldKind.Text),
            new("locale", FieldKind.Text),
            new("timeZone", FieldKind.Text),
        ],
        [
            Anchor.Body("invalid-locale", "locale", _ => "not a locale!"),
            Anchor.Body("unknown-time-zone", "timeZone", _ => "Mars/Olympus_Mons"),
            Anchor.Body("blank-first-name", "firstName", _ => "   "),
        ]);

    private static BodySpec Purchase() => new(
        context => $$"""
            {"idempotencyKey":"{{context.FreshKey}}","amount":123.45,"currency":"EUR","occurredAt":"{{Timestamp(context.Now.AddHours(-2))}}",
             "channel":"pos","storeId":"fz-store","lines":[{"sku":"FZ-1","category":"fuzz","quantity":1,"amount":123.45}],"discount":0}
            """,
        [
            new("idempotencyKey", FieldKind.Text),
            new("amount", FieldKind.Decimal),
            new("currency", FieldKind.Text),
            new("occurredAt", FieldKind.Timestamp),
            new("channel", FieldKind.Text),
            new("storeId", FieldKind.Text),
            new("lines", FieldKind.ObjectArray, """{"sku":"FZ-2","category":"fuzz","quantity":1,"amount":1}"""),
            new("lines[0].sku", FieldKind.Text),
            new("lines[0].category", FieldKind.Text),
            new("lines[0].quantity", FieldKind.Decimal),
            new("lines[0].amount", FieldKind.Decimal),
            new("discount", FieldKind.Decimal),
        ],
        [
            Anchor.Body("invalid-currency", "currency", _ => "EURO"),
            Anchor.Body("negative-amount", "amount", _ => -1),
            Anchor.Body("future-occurredAt", "occurredAt", context => Timestamp(context.Now.AddDays(2))),
            Anchor.Body("ledger-key-reused", "idempotencyKey", context => context.Member.PurchaseKeys[0]),
        ]);

    private static BodySpec Redemption() => new(
        context => $$"""{"idempotencyKey":"{{context.FreshKey}}","points":5,"reason":"fuzz","channel":"pos"}""",
        [
            new("idempotencyKey", FieldKind.Text),
            new("points", FieldKind.Integer),
            new("reason", FieldKind.Text),
            new("channel", FieldKind.Text),
        ],
        [
            Anchor.Body("zero-points", "points", _ => 0),
            Anchor.Body("insufficient-points", "points", _ => 9_000_000),
            Anchor.Body("blank-reason", "reason", _ => "   "),
            Anchor.Body("unknown-channel", "channel", _ => "teleport"),
            Anchor.Body("ledger-key-reused", "idempotencyKey", context => context.Member.RedemptionKey),
        ]);

    /// <summary>Each valid return gives back half a euro of the member's first setup purchase, so dozens fit before it is used up.</summary>
    private static BodySpec Return() => new(
        context => $$"""
            {"idempotencyKey":"{{context.FreshKey}}","originalIdempotencyKey":"{{context.Member.PurchaseKeys[0]}}","channel":"pos",
             "lines":[{"sku":"SETUP-0","quantity":1,"amount":0.5}]}
            """,
        [
            new("idempotencyKey", FieldKind.Text),
            new("originalIdempotencyKey", FieldKind.Text),
            new("channel", FieldKind.Text),
            new("amount", FieldKind.Decimal),
            new("lines", FieldKind.ObjectArray, """{"sku":"SETUP-0","quantity":1,"amount":0.25}"""),
            new("lines[0].sku", FieldKind.Text),
            new("lines[0].quantity", FieldKind.Decimal),
            new("lines[0].amount", FieldKind.Decimal),
        ],
        [
            Anchor.Body("unknown-purchase", "originalIdempotencyKey", _ => "no-such-purchase"),
            Anchor.Body("over-return", "lines[0].amount", _ => 9_000_000),
            Anchor.Body("sku-not-bought", "lines[0].sku", _ => "NEVER-BOUGHT"),
            // Refused with the lines (both given) and without them (more than was bought), whichever field the case spoils.
            Anchor.Body("lines-and-amount", "amount", _ => 9_000_000),
            Anchor.Body("ledger-key-reused", "idempotencyKey", context => context.Member.PurchaseKeys[0]),
        ]);

    /// <summary>The default program has no rewards: every well-formed redemption is a 404 that changes nothing.</summary>
    private static BodySpec RewardRedemption() => new(
        context => $$"""{"idempotencyKey":"{{context.FreshKey}}","channel":"pos"}""",
        [
            new("idempotencyKey", FieldKind.Text),
            new("channel", FieldKind.Text),
        ],
        [
            Anchor.Body("unknown-channel", "channel", _ => "teleport"),
            Anchor.Body("ledger-key-reused", "idempotencyKey", context => context.Member.PurchaseKeys[0]),
        ]);

    /// <summary>The default program gives no cashback: every well-formed redemption is a 409 that changes nothing.</summary>
    private static BodySpec CashbackRedemption() => new(
        context => $$"""{"idempotencyKey":"{{context.FreshKey}}","amount":1.5,"currency":"EUR","channel":"pos","storeId":"fuzz-store"}""",
        [
            new("idempotencyKey", FieldKind.Text),
            new("amount", FieldKind.Decimal),
            new("currency", FieldKind.Text),
            new("channel", FieldKind.Text),
            new("storeId", FieldKind.Text),
        ],
        [
            Anchor.Body("insufficient-cashback", "amount", _ => 9_000_000),
            Anchor.Body("unknown-channel", "channel", _ => "teleport"),
            Anchor.Body("ledger-key-reused", "idempotencyKey", context => context.Member.PurchaseKeys[0]),
        ]);

    /// <summary>The default program has no paid memberships: every well-formed start is a 404 that changes nothing.</summary>
    private static BodySpec MembershipStart() => new(
        context => $$"""{"idempotencyKey":"{{context.FreshKey}}","planId":"plus"}""",
        [
            new("idempotencyKey", FieldKind.Text),
            new("planId", FieldKind.Text),
        ],
        [
            Anchor.Body("unknown-plan", "planId", _ => "no-such-plan"),
            Anchor.Body("invalid-key", "idempotencyKey", _ => "has spaces"),
        ]);

    /// <summary>No member of the run linked a partner id: every well-formed earn is a 404 that changes nothing.</summary>
    private static BodySpec PartnerEarn() => new(
        context => $$"""
            {"idempotencyKey":"{{context.FreshKey}}","partnerMemberId":"FZ-{{context.Sequence}}","amount":12.5,"currency":"EUR",
             "occurredAt":"{{Timestamp(context.Now.AddHours(-1))}}","reference":"fuzz"}
            """,
        [
            new("idempotencyKey", FieldKind.Text),
            new("partnerMemberId", FieldKind.Text),
            new("amount", FieldKind.Decimal),
            new("currency", FieldKind.Text),
            new("occurredAt", FieldKind.Timestamp),
            new("reference", FieldKind.Text),
        ],
        [
            Anchor.Body("future-occurredAt", "occurredAt", context => Timestamp(context.Now.AddDays(2))),
            Anchor.Body("zero-amount", "amount", _ => 0),
        ]);

    private static BodySpec PartnerRedemption() => new(
        context => $$"""{"idempotencyKey":"{{context.FreshKey}}","partnerMemberId":"FZ-{{context.Sequence}}","points":5,"reason":"fuzz"}""",
        [
            new("idempotencyKey", FieldKind.Text),
            new("partnerMemberId", FieldKind.Text),
            new("points", FieldKind.Integer),
            new("reason", FieldKind.Text),
        ],
        [
            Anchor.Body("zero-points", "points", _ => 0),
            Anchor.Body("blank-reason", "reason", _ => "   "),
        ]);

    /// <summary>Every valid case is anchored on an unknown purpose, so no fuzz request records a consent.</summary>
    private static BodySpec ConsentChange() => new(
        _ => """{"consents":[{"channel":"email","purpose":"marketing","status":"granted"}],"policyVersion":"2026-12"}""",
        [
            new("consents", FieldKind.ObjectArray, """{"channel":"sms","purpose":"marketing","status":"denied"}"""),
            new("consents[0].channel", FieldKind.Text),
            new("consents[0].purpose", FieldKind.Text),
            new("consents[0].status", FieldKind.Text),
            new("policyVersion", FieldKind.Text),
        ],
        [
            Anchor.Body("unknown-purpose", "consents[0].purpose", _ => "telepathy"),
            Anchor.Body("unknown-status", "consents[0].status", _ => "maybe"),
        ],
        KeyOfMember: false);

    private static BodySpec Adjustment() => new(
        context => $$"""{"idempotencyKey":"{{context.FreshKey}}","points":5,"reason":"fuzz"}""",
        [
            new("idempotencyKey", FieldKind.Text),
            new("points", FieldKind.Integer),
            new("reason", FieldKind.Text),
        ],
        [
            Anchor.Body("zero-points", "points", _ => 0),
            Anchor.Body("overdraw", "points", _ => -9_000_000),
            Anchor.Body("blank-reason", "reason", _ => "   "),
            Anchor.Body("ledger-key-reused", "idempotencyKey", context => context.Member.PurchaseKeys[0]),
        ]);

    private static BodySpec OfferCommand() => new(
        context => $$"""{"idempotencyKey":"{{context.FreshKey}}"}""",
        [new("idempotencyKey", FieldKind.Text)],
        [
            new Anchor("unknown-offer", "route:offerId", (draft, _) => draft.OfferPath = "no-such-offer"),
            Anchor.Body("invalid-key", "idempotencyKey", _ => "has spaces"),
        ]);

    private static BodySpec BehaviourEvent() => new(
        context => $$"""
            {"identifier":{"type":"web_cookie","value":"fuzz-cookie-{{context.FreshKey}}"},"type":"product_view","occurredAt":"{{Timestamp(context.Now.AddMinutes(-1))}}",
             "sku":"FZ-1","category":"fuzz","idempotencyKey":"{{context.FreshKey}}"}
            """,
        [
            new("identifier", FieldKind.Object),
            new("identifier.type", FieldKind.Text),
            new("identifier.value", FieldKind.Text),
            new("type", FieldKind.Text),
            new("occurredAt", FieldKind.Timestamp),
            new("sku", FieldKind.Text),
            new("category", FieldKind.Text),
            new("idempotencyKey", FieldKind.Text),
        ],
        [
            Anchor.Body("unknown-event-type", "type", _ => "teleport"),
            Anchor.Body("not-a-device", "identifier.type", _ => "email"),
            Anchor.Body("future-occurredAt", "occurredAt", context => Timestamp(context.Now.AddDays(2))),
            Anchor.Body("query-on-a-view", "query", _ => "tents"),
        ]);

    private static BodySpec IdentifierLink() => new(
        context => $$"""{"type":"email","value":"{{context.FreshKey}}@example.com","verified":true}""",
        [
            new("type", FieldKind.Text),
            new("value", FieldKind.Text),
            new("verified", FieldKind.Boolean),
        ],
        [
            Anchor.Body("loyalty-type", "type", _ => "loyalty"),
            Anchor.Body("identifier-taken", "value", context => context.Other.Email),
        ]);

    // The base body names another member of the run, so that only the anchor is wrong: a valid merge would make that
    // member a tombstone. Each anchor is refused before either member is touched (in validation, or as an unknown survivor).
    private static BodySpec Merge() => new(
        context => $$"""{"memberId":"{{context.Other.MemberId}}","reason":"fuzz","idempotencyKey":"{{context.FreshKey}}"}""",
        [
            new("memberId", FieldKind.Text),
            new("reason", FieldKind.Text),
            new("idempotencyKey", FieldKind.Text),
        ],
        [
            Anchor.Body("same-member", "memberId", context => context.Member.MemberId),
            Anchor.Body("blank-reason", "reason", _ => "   "),
            Anchor.Body("reason-too-long", "reason", _ => new string('r', 201)),
            Anchor.Body("invalid-key", "idempotencyKey", _ => "has spaces"),
        ],
        KeyOfMember: false);

    // The shipped default with every field, so only the anchor is wrong: a fuzz case never stores a program version.
    private static BodySpec ProgramDefinition() => new(
        _ => """
            {"name":"Fuzz program","earning":{"pointsPerUnit":1,"rounding":"floor","pendingDays":0,"excludedCategories":[],"categoryMultipliers":{}},
             "tiers":{"windowDays":365,"levels":[{"name":"member","qualifyingPoints":0},{"name":"silver","qualifyingPoints":1000}]}}
            """,
        [
            new("name", FieldKind.Text),
            new("earning", FieldKind.Object),
            new("earning.pointsPerUnit", FieldKind.Decimal),
            new("earning.rounding", FieldKind.Text),
            new("earning.pendingDays", FieldKind.Integer),
            new("tiers", FieldKind.Object),
            new("tiers.windowDays", FieldKind.Integer),
            new("tiers.levels", FieldKind.ObjectArray, """{"name":"gold","qualifyingPoints":5000}"""),
            new("tiers.levels[0].name", FieldKind.Text),
            new("tiers.levels[0].qualifyingPoints", FieldKind.Integer),
        ],
        [
            Anchor.Body("unknown-rounding", "earning.rounding", _ => "sideways"),
            Anchor.Body("first-tier-not-free", "tiers.levels", _ => new JsonArray(new JsonObject { ["name"] = "member", ["qualifyingPoints"] = 5 })),
            Anchor.Body("blank-name", "name", _ => "   "),
        ]);

    private static BodySpec ModelFit() => new(
        context => $$"""{"asOf":"{{context.Now:yyyy-MM-dd}}"}""",
        [new("asOf", FieldKind.FutureOrInvalidDate)],
        [Anchor.Body("future-asOf", "asOf", _ => "9999-12-31")],
        RequiresFields: false);

    public static string Timestamp(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
