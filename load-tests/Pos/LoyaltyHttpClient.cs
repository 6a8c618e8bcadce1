using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>One request/response as the generator saw it: status and body, or why there was no response.</summary>
internal sealed record ApiExchange(int Status, byte[] Body, long LatencyMicros, string? Failure)
{
    public bool IsSuccess => Failure is null && Status is >= 200 and < 300;

    public string Describe() => Failure ?? $"HTTP {Status}";

    /// <summary>Reads the body; null when it is not the expected shape (the caller counts that as an error).</summary>
    public T? Read<T>()
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, LoyaltyHttpClient.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The single HttpClient every worker shares. One pooled handler keeps the generator from paying TLS/TCP
/// setup per request and lets the pool hold one connection per worker.
/// </summary>
internal sealed class LoyaltyHttpClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly HttpClient _http;

    public LoyaltyHttpClient(Uri baseAddress, int concurrency, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per closed-loop worker: never more than that many requests are in flight.
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = timeout,
            // A load test measures the server, not a proxy picked up from the environment.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    /// <summary>Web defaults (camelCase) and strict about missing or null fields, so a wrong body is caught.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, Json);

    /// <summary>Sends one request; never throws for transport failures, which become <see cref="ApiExchange.Failure"/>.</summary>
    public async Task<ApiExchange> SendAsync(HttpMethod method, string pathAndQuery, string apiKey, byte[]? jsonBody = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody) { Headers = { ContentType = JsonContentType } };
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            return new ApiExchange((int)response.StatusCode, body, ElapsedMicros(started), Failure: null);
        }
        catch (TaskCanceledException)
        {
            // No caller token is passed, so a cancellation can only be HttpClient.Timeout.
            return new ApiExchange(0, [], ElapsedMicros(started), "timeout");
        }
        catch (HttpRequestException e)
        {
            return new ApiExchange(0, [], ElapsedMicros(started), $"transport: {e.HttpRequestError}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static long ElapsedMicros(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
}
