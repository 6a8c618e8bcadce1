using Microsoft.Net.Http.Headers;
using OrleansLoyalty.Gateway.Problems;

namespace OrleansLoyalty.Gateway.Hosting;

/// <summary>
/// Checks every request body before an endpoint reads it: at most <see cref="MaxBodyBytes"/> (a 413 problem
/// otherwise, decided on Content-Length when there is one and while reading when there is none), JSON,
/// and UTF-8 (RFC 8259 allows no other encoding). A body within the limit is buffered, so the endpoint
/// never meets a half-read stream.
/// </summary>
public static class RequestBodyGuard
{
    /// <summary>256 KiB: a basket of 500 lines is under 100 KiB.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IApplicationBuilder UseRequestBodyGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength is 0 || (request.ContentLength is null && !IsChunked(request)))
        {
            await next(context);
            return;
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            await TooLarge().ExecuteAsync(context);
            return;
        }
        if (ContentTypeProblem(request) is { } unsupported)
        {
            await unsupported.ExecuteAsync(context);
            return;
        }
        var buffered = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffered.Length + read > MaxBodyBytes)
            {
                await TooLarge().ExecuteAsync(context);
                return;
            }
            buffered.Write(chunk, 0, read);
        }
        buffered.Position = 0;
        request.Body = buffered;
        request.ContentLength = buffered.Length;
        await next(context);
    });

    private static bool IsChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.Any(value => value?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>
    /// A problem for a body that is not UTF-8 JSON, or null. A quoted charset (<c>charset="utf-8"</c>, valid
    /// HTTP) is rewritten unquoted, since the framework's JSON reader does not understand the quotes.
    /// </summary>
    private static IResult? ContentTypeProblem(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return Unsupported("A request body needs Content-Type: application/json.");
        }
        var mediaType = contentType.MediaType.Value ?? "";
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported("A request body needs Content-Type: application/json.");
        }
        if (contentType.Charset.HasValue)
        {
            var charset = contentType.Charset.Value!.Trim('"');
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return Unsupported("JSON request bodies must be UTF-8: send charset=utf-8 or no charset.");
            }
            request.ContentType = "application/json; charset=utf-8";
        }
        return null;
    }

    private static IResult TooLarge() => Problem.Of(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Request body too large",
        $"Request bodies are limited to {MaxBodyBytes / 1024} KiB; nothing was read or changed.");

    private static IResult Unsupported(string detail) => Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type", detail);
}
