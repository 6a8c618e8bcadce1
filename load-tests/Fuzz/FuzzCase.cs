using System.Text;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// What an answer must look like. By default a case must be refused with a 4xx problem; reads may also succeed;
/// some cases ask for one status (401, 403, 413, 409 with a problem type), or for an answer within a time.
/// </summary>
internal sealed record Expectation(
    int? Status = null, string? ProblemType = null, bool SuccessAllowed = false, bool ProblemRequired = true, TimeSpan? Within = null)
{
    public static readonly Expectation Refused = new();
    public static readonly Expectation Read = new(SuccessAllowed: true);
    public static readonly Expectation RefusedByServer = new(ProblemRequired: false);
}

/// <summary>One request of the run, with where it came from: endpoint, case class, the anchor that keeps it invalid.</summary>
internal sealed record FuzzCase(
    EndpointSpec Endpoint,
    string CaseClass,
    FuzzRequest Request,
    Expectation Expect,
    FuzzMember? Target,
    string? Anchor)
{
    /// <summary>Whether the case is a write the gateway must refuse (so a 2xx is a failure of its own).</summary>
    public bool IsFuzzWrite => Endpoint.IsWrite && Request.Method == Endpoint.Method;
}

/// <summary>A request being put together by a case and its anchor, rendered once both have had their say.</summary>
internal sealed class CaseDraft(EndpointSpec endpoint, CaseContext context)
{
    public const string JsonContentType = "application/json";

    public CaseContext Context => context;
    public ApiKeys Keys => context.Keys;
    public HttpMethod Method { get; set; } = endpoint.Method;
    public string MemberPath { get; set; } = context.Member.PathSegment;
    public string OfferPath { get; set; } = Uri.EscapeDataString(context.Member.OfferId ?? "fav-category:fuzz:2026-01");

    // The member's own e-mail: unlinking it is a valid request, so only an anchor keeps a case from making it.
    public string TypePath { get; set; } = "email";
    public string ValuePath { get; set; } = Uri.EscapeDataString(context.Member.Email);

    /// <summary>Another member of the run: never merged into this one, so an undo of it is refused.</summary>
    public string AbsorbedPath { get; set; } = context.Other.PathSegment;

    /// <summary>Query parameters as wire text; a null value leaves the parameter out.</summary>
    public List<KeyValuePair<string, string?>> Query { get; } =
        [.. endpoint.QueryParams.Select(p => new KeyValuePair<string, string?>(p.Name, p.BaseValue(context)))];

    public JsonDraft? Json { get; set; } = endpoint.Body is { } body ? JsonDraft.Parse(body.Base(context)) : null;

    /// <summary>Replaces the JSON body, whatever it is, with these bytes.</summary>
    public byte[]? RawBody { get; set; }

    /// <summary>Runs on the rendered body: truncation, padding, re-encoding.</summary>
    public Func<byte[], byte[]>? BodyTransform { get; set; }

    public string? ContentType { get; set; } = endpoint.Body is null ? null : JsonContentType;
    public string? ApiKey { get; set; } = endpoint.IsPublic ? null : context.Keys.For(endpoint.Roles[context.Sequence % endpoint.Roles.Count]);
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Appended to the query string as is.</summary>
    public string? RawQuery { get; set; }

    public void SetQuery(string name, string? value)
    {
        var index = Query.FindIndex(p => p.Key == name);
        Query[index] = new(name, value);
    }

    public FuzzRequest Render()
    {
        var path = new StringBuilder(endpoint.Route.Replace("{memberId}", MemberPath, StringComparison.Ordinal)
            .Replace("{offerId}", OfferPath, StringComparison.Ordinal)
            .Replace("{type}", TypePath, StringComparison.Ordinal)
            .Replace("{value}", ValuePath, StringComparison.Ordinal)
            .Replace("{absorbedId}", AbsorbedPath, StringComparison.Ordinal));
        var separator = '?';
        foreach (var (name, value) in Query.Where(p => p.Value is not null))
        {
            path.Append(separator).Append(name).Append('=').Append(value);
            separator = '&';
        }

        if (RawQuery is not null)
        {
            path.Append(separator).Append(RawQuery);
        }

        // A HEAD request carries no body, whatever the route takes.
        var body = Method == HttpMethod.Head ? null : RawBody ?? Json?.Render();
        if (body is not null && BodyTransform is not null)
        {
            body = BodyTransform(body);
        }

        return new FuzzRequest(Method, path.ToString(), ApiKey, body, body is null ? null : ContentType, Headers);
    }
}
