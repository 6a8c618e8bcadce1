using System.Text;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>What a body field holds, which decides the classes of bad input it is tried with.</summary>
internal enum FieldKind
{
    Text,
    Integer,
    Decimal,
    Timestamp,
    Boolean,

    /// <summary>The fit's asOf: a past date is a valid fit, so only values that can never be valid are tried.</summary>
    FutureOrInvalidDate,
    ObjectArray,
    Object,
}

/// <summary>What a query parameter holds.</summary>
internal enum QueryKind
{
    Text,
    Integer,
    Date,
}

/// <summary>
/// A class of bad input for one kind of field, with the raw JSON values that stand for it. Cases cycle through
/// the values, so a larger budget tries more of them. <see cref="Missing"/> removes the field instead.
/// </summary>
internal sealed record ValueClass(string Name, FieldKind[] Kinds, string[] Values)
{
    public const string Missing = "\u0000missing";
}

/// <summary>A class of bad query parameter values, already percent-encoded as they go on the wire.</summary>
internal sealed record QueryClass(string Name, QueryKind[] Kinds, string[] Values)
{
    public const string Absent = "\u0000absent";
    public const string Repeated = "\u0000repeated";
}

/// <summary>
/// The tables of adversarial input. None of them contains text the leak check looks for ("System.",
/// "Exception"...), so a gateway that echoes input back is not mistaken for one that leaks internals.
/// </summary>
internal static class InputTables
{
    private static readonly FieldKind[] Strings = [FieldKind.Text];
    private static readonly FieldKind[] Numbers = [FieldKind.Integer, FieldKind.Decimal];
    private static readonly FieldKind[] AnyButFitDate =
        [FieldKind.Text, FieldKind.Integer, FieldKind.Decimal, FieldKind.Timestamp, FieldKind.Boolean, FieldKind.ObjectArray, FieldKind.Object];
    private static readonly FieldKind[] Scalars = [FieldKind.Text, FieldKind.Integer, FieldKind.Decimal, FieldKind.Timestamp];

    public static readonly string DeepArray = new string('[', 10_000) + new string(']', 10_000);
    public static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000);

    public static readonly ValueClass[] ValueClasses =
    [
        new("wrong-type", Strings, ["123", "-1.5", "true", "false", "{}", "[\"a\"]", "[]", "{\"value\":\"a\"}"]),
        new("wrong-type", Numbers, ["\"12\"", "\"abc\"", "\"\"", "true", "{}", "[1]", "\"1,5\"", "\" 1 \""]),
        new("wrong-type", [FieldKind.Timestamp], ["1717236000", "true", "{}", "[\"2025-06-01T10:00:00Z\"]", "-1"]),
        new("wrong-type", [FieldKind.Boolean], ["\"true\"", "\"false\"", "1", "0", "\"yes\"", "\"\"", "{}", "[true]"]),
        new("wrong-type", [FieldKind.ObjectArray], ["{}", "\"x\"", "1", "true", "{\"0\":{}}"]),
        new("wrong-type", [FieldKind.Object], ["[]", "\"x\"", "1", "true", "[{}]"]),
        new("null", AnyButFitDate, ["null"]),
        new("missing", AnyButFitDate, [ValueClass.Missing]),
        new("integer-extreme", [FieldKind.Integer],
        [
            "-9223372036854775808", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "-1e308",
            "-0", "0", "0.0000001", "1.5", "79228162514264337593543950336", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
            "1E2", "2147483648", "-2147483649", "10000001", "-10000001", "0e0",
        ]),
        new("decimal-extreme", [FieldKind.Decimal],
        [
            "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950335", "1e308",
            "-1e308", "1e-308", "-0", "0.0000001", "0.00000000000000000000000000001", "12.3456789012345678901234567890123",
            "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "-1", "-0.01", "1000000.000001", "9223372036854775807", "1e28", "-0.0",
        ]),
        new("json-number-syntax", Numbers, ["NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10", "1_000", "1e", "--1"]),
        new("control-chars", Strings,
        [
            "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u0001\\u0002\\u001f\"", "\"\\t\\n\\r\"", "\"\\u007f\"", "\"\\u0085\"",
            "\"a\u0001b\"", "\"line\nbreak\"", "\"\\b\\f\"",
        ]),
        new("surrogates", Strings, ["\"\\ud800\"", "\"\\udc00\"", "\"a\\ud800b\"", "\"\\udbff\\udfff\"", "\"\\ud83d\\ude00\"", "\"\\ude00\\ud83d\""]),
        new("long-string", Strings,
        [
            Literal(new string('x', 10_000)), Literal(string.Concat(Enumerable.Repeat("€", 10_000))),
            Literal(string.Concat(Enumerable.Repeat("😀", 5_000))), Literal(new string('a', 100_000)),
            Literal(string.Concat(Enumerable.Repeat("\\u00e9", 10_000)), escaped: true),
        ]),
        new("unicode", Strings,
        [
            Literal("\u202eRUE"), Literal("abc\u200b"), Literal("😀"), Literal("e\u0301"), Literal("\ufeffEUR"), Literal("a\u2028b\u2029"),
            Literal("ＥＵＲ"), Literal("ı"), Literal("İstanbul"), Literal("مرحبا"), Literal("\u00a0"), Literal("\U0010FFFF"), Literal("\uFFFE"),
        ]),
        new("injection", Strings,
        [
            Literal("'; DROP TABLE member_events; --"), Literal("\" OR 1=1 --"), Literal("<script>alert(1)</script>"),
            Literal("${jndi:ldap://127.0.0.1/a}"), Literal("{{7*7}}"), Literal("../../etc/passwd"), Literal("%s%s%s%n"),
            Literal("\\"), Literal("' OR ''='"), Literal("$where"), Literal("\\u0000"),
        ]),
        new("whitespace", Strings, ["\"\"", "\" \"", "\"   \"", "\"\\t\"", Literal("\u00a0\u00a0"), Literal("\u3000"), "\"\\r\\n\""]),
        new("timestamp-edge", [FieldKind.Timestamp],
        [
            "\"2025-06-01T10:00:00\"", "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59Z\"",
            "\"9999-12-31T23:59:59-14:00\"", "\"9999-12-31T23:59:59.9999999Z\"", "\"garbage\"", "\"2025-13-45T10:00:00Z\"",
            "\"2025-02-30T10:00:00Z\"", "\"2025-06-01\"", "\"2025-06-01T10:00:00+25:00\"", "\"2025-06-01 10:00:00Z\"", "\"\"",
            "\"2025-06-01T24:00:00Z\"", "\"+002025-06-01T10:00:00Z\"", "\"1970-01-01T00:00:00Z\"", "\"2025-06-01T10:00:00.12345678901Z\"",
            "\"2025-06-01T10:00:00+14:01\"", "\"2025-06-01T10:00:00-00:00\"",
        ]),
        new("future-or-invalid-date", [FieldKind.FutureOrInvalidDate],
        [
            "\"9999-12-31\"", "\"2999-01-01\"", "\"garbage\"", "\"2025-02-30\"", "\"2025-06-01T10:00:00\"", "\"0000-01-01\"",
            "\"10000-01-01\"", "\"\"", "\"   \"", "20250601", "true", "{}", "[]", "\"\\u0000\"", "\"-0001-01-01\"", "\"9999-12-31\\u0000\"",
            "\"\\ud800\"", Literal(new string('9', 10_000)),
        ]),
        new("array-edge", [FieldKind.ObjectArray], ["[]", "[null]", "[null,null]", "[{}]", "[[]]", "[1]", "[\"x\"]", "[true]"]),
        new("many-elements", [FieldKind.ObjectArray], [Repeat("null", 20_000), Repeat("{}", 20_000), Repeat("[]", 20_000)]),
        new("object-edge", [FieldKind.Object], ["{}", "{\"\":1}", "{\"a\":{\"b\":{\"c\":[]}}}", DeepObject]),
        new("deep-nesting", AnyButFitDate, [DeepArray, DeepObject]),
        new("duplicate-name", AnyButFitDate, ["null", "\"\\u0000\"", "-1", "{}"]),
        new("case-variant-name", AnyButFitDate, ["null", "\"\\u0000\"", "-1", "[]"]),
        new("big-number-as-text", Scalars, [Literal(new string('9', 10_000)), Literal("1" + new string('0', 400))]),
    ];

    /// <summary>Whole-body replacements that are not a JSON object of any shape the gateway accepts.</summary>
    public static readonly (string Name, byte[] Body)[] BrokenBodies =
    [
        ("not-json", "hello"u8.ToArray()),
        ("not-json", "<member><id>1</id></member>"u8.ToArray()),
        ("not-json", "amount=1&currency=EUR"u8.ToArray()),
        ("not-json", [0xff, 0xfe, 0x00, 0x01, 0x80, 0xc0, 0xaf]),
        ("not-json", "{'amount': 1}"u8.ToArray()),
        ("not-json", "{amount: 1}"u8.ToArray()),
        ("not-json", "{\"a\":1,}"u8.ToArray()),
        ("not-json", "/* comment */ {}"u8.ToArray()),
        ("root-not-object", "[]"u8.ToArray()),
        ("root-not-object", "null"u8.ToArray()),
        ("root-not-object", "42"u8.ToArray()),
        ("root-not-object", "\"text\""u8.ToArray()),
        ("root-not-object", "true"u8.ToArray()),
        ("root-not-object", "[{}]"u8.ToArray()),
        ("deep-nesting", Encoding.UTF8.GetBytes(DeepArray)),
        ("deep-nesting", Encoding.UTF8.GetBytes(DeepObject)),
        ("whitespace-body", "   \r\n\t "u8.ToArray()),
        ("nul-body", [0x00]),
    ];

    /// <summary>Content types a JSON endpoint must refuse or at least survive.</summary>
    public static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/json; charset=latin1", "application/json; charset=\"utf-8\"", "application/json; charset=foo",
        "multipart/form-data; boundary=fuzz", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=utf-16",
        "application/json;;;", "application/", "*/*", "application/json; charset=utf-8; charset=latin1", "application/problem+json",
        "application/vnd.api+json", "text/json",
    ];

    public static readonly QueryClass[] QueryClasses =
    [
        new("control-chars", [QueryKind.Text, QueryKind.Integer, QueryKind.Date], ["%00", "a%00b", "%1F", "%7F", "%0D%0A", "%C2%85", "%01%02"]),
        new("invalid-percent", [QueryKind.Text, QueryKind.Integer, QueryKind.Date], ["%", "%zz", "%E2%82", "%C0%AF", "%FF", "%ED%A0%80"]),
        new("long", [QueryKind.Text, QueryKind.Integer], [new string('a', 4_000), string.Concat(Enumerable.Repeat("%E2%82%AC", 400)), new string('9', 3_000)]),
        new("unicode", [QueryKind.Text], ["%E2%80%AE", "%E2%80%8B", "%F0%9F%98%80", "%EF%BB%BF", "%C4%B1", "%EF%BF%BE"]),
        new("injection", [QueryKind.Text, QueryKind.Date], ["'%20OR%201%3D1%20--", "%3Cscript%3E", "..%2F..%2F", "%25s%25n", "%5C"]),
        new("empty", [QueryKind.Text, QueryKind.Integer, QueryKind.Date], ["", "%20%20", "+", "%09"]),
        new("integer-extreme", [QueryKind.Integer],
            ["-2147483648", "2147483647", "2147483648", "-1", "0", "9223372036854775807", "1e3", "1.5", "-0", "0x10", "abc", "NaN", "%2B1", "01"]),
        new("date-edge", [QueryKind.Date],
            ["0001-01-01", "9999-12-31", "garbage", "2025-02-30", "2025-06-01T10:00:00", "0000-00-00", "-1", "99999-01-01", "2025-6-1", "0001-01-01T00:00:00%2B14:00"]),
        new("absent", [QueryKind.Text, QueryKind.Integer, QueryKind.Date], [QueryClass.Absent]),
        new("repeated", [QueryKind.Text, QueryKind.Integer, QueryKind.Date], [QueryClass.Repeated]),
    ];

    /// <summary>Member ids as path text (percent-encoded) that cannot name a member.</summary>
    public static readonly string[] BadMemberIds =
    [
        "not-a-member", "M" + new string('A', 32), "m" + new string('a', 31), "m" + new string('a', 33), "m" + new string('g', 32),
        "m" + new string('a', 31) + "%20", "%20m" + new string('a', 32), "m%2F" + new string('a', 30), "..", "%2E%2E", "m%1F" + new string('a', 30),
        "m%7F" + new string('a', 30), "%E2%80%AE" + new string('a', 32), new string('m', 4_000), "'%20OR%201%3D1--", "%3Cscript%3E",
        "%F0%9F%98%80", "%C0%AF", "%FF", "m%E2%80%8B" + new string('a', 31), "0", "-1", "null", "undefined", "m" + new string('0', 32) + "%3F",
    ];

    /// <summary>Offer ids that name no offer (the member's real offer id is tried elsewhere, with a bad key).</summary>
    public static readonly string[] BadOfferIds =
    [
        "no-such-offer", "%20", new string('o', 4_000), "fav-category:shoes:2026-12%01", "..%2F..%2Fwallet", "%E2%80%AE", "'%20OR%201%3D1",
        "%FF", "FAV-CATEGORY:SHOES:2026-12", "fav-category::", "%3A%3A%3A",
    ];

    /// <summary>Identifier types as path text: none is a type the gateway knows, whose names are lower case and exact.</summary>
    public static readonly string[] BadIdentifierTypes =
    [
        "no-such-type", "EMAIL", "Email", "e-mail", "email%20", "%20email", "email%2Fphone", "..", "%2E%2E", new string('t', 4_000),
        "%E2%80%AE", "%FF", "%C0%AF", "email%E2%80%8B", "'%20OR%201%3D1--", "%3Cscript%3E", "0", "null",
    ];

    /// <summary>Identifier values as path text: malformed for any type, or well-formed but no member's.</summary>
    public static readonly string[] BadIdentifierValues =
    [
        "%20", "not-an-email", "nobody%40example.com", "a%40b", "%40%40", "a%2Fb%40example.com", "..", "%2E%2E", new string('v', 4_000),
        "%E2%80%AE", "%FF", "%C0%AF", "%ED%A0%80", "a%01b%40example.com", "'%20OR%201%3D1--", "%3Cscript%3E", "%F0%9F%98%80", "%2B%2B%2B",
    ];

    /// <summary>
    /// Path text Kestrel itself refuses before any middleware runs (a NUL in the path, a request line over its
    /// 8 KB limit): no application can shape that answer, so only "4xx, never 5xx or silence" is asked of it.
    /// </summary>
    public static readonly string[] ServerRejectedPathSegments = ["m%00" + new string('a', 30), "%00", new string('m', 9_000)];

    /// <summary>API keys the gateway must not accept, each answered 401.</summary>
    public static readonly string?[] UnknownApiKeys =
        [null, "", "not-a-key", "DEV-ADMIN-KEY", "dev-admin-key;", "dev-admin-keyx", new string('k', 4_000), "Bearer dev-admin-key", "dev-admin-key,dev-pos-key"];

    public static readonly string[] Accepts = ["application/xml", "text/html", "*/*;q=0", "application/problem+json", "image/png", "application/json;q=abc"];

    /// <summary>A JSON string literal with the text as is, only quotes, backslashes and C0 controls escaped.</summary>
    public static string Literal(string text, bool escaped = false)
    {
        if (escaped)
        {
            return $"\"{text}\"";
        }

        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static string Repeat(string element, int count) => "[" + string.Join(",", Enumerable.Repeat(element, count)) + "]";
}
