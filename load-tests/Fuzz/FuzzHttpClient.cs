using System.Diagnostics;
using System.Net;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// One request exactly as the fuzzer wants it on the wire: the path is sent as given (already percent-encoded,
/// junk included), the body as raw bytes, and the Content-Type and API key only when set.
/// </summary>
internal sealed record FuzzRequest(
    HttpMethod Method,
    string PathAndQuery,
    string? ApiKey,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public string Describe()
    {
        var path = PathAndQuery.Length > 120 ? $"{PathAndQuery[..120]}…({PathAndQuery.Length} chars)" : PathAndQuery;
        var key = ApiKey is null ? "no key" : $"key '{Excerpt.Of(ApiKey, 30)}'";
        var headers = string.Concat((Headers ?? []).Select(h => $", {h.Key}: {Excerpt.Of(h.Value, 40)}"));
        var body = Body is null ? "" : $", {ContentType ?? "no Content-Type"}, body {Excerpt.Of(Body, 100)}";
        return $"{Method} {path} ({key}{headers}{body})";
    }
}

/// <summary>What came back, or why nothing did (<see cref="Failure"/>: "timeout" or a transport error).</summary>
internal sealed record FuzzResponse(int Status, string? MediaType, byte[] Body, TimeSpan Elapsed, string? Failure)
{
    public bool Answered => Failure is null;
}

/// <summary>
/// Sends fuzz requests with a per-request deadline. Never throws for what the server does: a timeout or a
/// refused connection is an outcome to report, not an error of the fuzzer.
/// </summary>
internal sealed class FuzzHttpClient : IDisposable
{
    // Junk paths go out verbatim: without this, Uri would resolve "%2E%2E" and dot segments before sending.
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private readonly HttpClient _http;
    private readonly string _baseAddress;

    public FuzzHttpClient(Uri baseAddress)
    {
        _baseAddress = baseAddress.GetLeftPart(UriPartial.Authority);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        // Each request brings its own deadline (a probe waits 1 s, a fuzz case longer), so the client has none.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<FuzzResponse> SendAsync(FuzzRequest fuzz, TimeSpan timeout)
    {
        using var request = new HttpRequestMessage(fuzz.Method, new Uri(_baseAddress + fuzz.PathAndQuery, in Verbatim));
        if (fuzz.ApiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", fuzz.ApiKey);
        }

        foreach (var (name, value) in fuzz.Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }

        using var deadline = new CancellationTokenSource(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            return new FuzzResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, Stopwatch.GetElapsedTime(started), null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new FuzzResponse(0, null, [], Stopwatch.GetElapsedTime(started), $"timeout after {timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            return new FuzzResponse(0, null, [], Stopwatch.GetElapsedTime(started), $"transport: {e.HttpRequestError} {e.InnerException?.Message ?? e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Short, printable excerpts of bodies: control characters escaped so a report line stays one line.</summary>
internal static class Excerpt
{
    public static string Of(byte[] body, int maxChars = 160) => Of(System.Text.Encoding.UTF8.GetString(body), maxChars);

    public static string Of(string text, int maxChars = 160)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in text.Length > maxChars ? text[..maxChars] : text)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.Length > maxChars ? $"{builder}…({text.Length} chars)" : builder.ToString();
    }
}
