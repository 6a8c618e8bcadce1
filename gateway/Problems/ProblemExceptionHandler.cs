using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansLoyalty.Gateway.Hosting;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Problems;

/// <summary>
/// Turns the exceptions that reach the pipeline into problem responses: a request the framework could not
/// bind is the caller's 4xx, a cluster that cannot answer in time is a 503 to retry, anything else a
/// logged 500. Problems are written for people and clients: they name the field at fault and never carry
/// exception messages, .NET type names or stack traces.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => InvalidBody(json),
            BadHttpRequestException bad => Problem.MalformedRequest(bad.StatusCode, Describe(bad)),
            // Only where no route follows the move itself (routes under /v1/members/{memberId} do).
            MemberMovedException moved => Problem.MemberMerged(moved.MemberId, moved.SurvivorId),
            TimeoutException or MemberUnavailableException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException =>
                Problem.Unavailable("The member service did not answer in time; retry with the same idempotency key."),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = Problem.Unexpected();
        }
        else if (problem.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Cluster unavailable for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "1";
        }
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>A body that is not JSON, or JSON whose value at a path does not fit the field: named by its path.</summary>
    private static ProblemHttpResult InvalidBody(JsonException json)
    {
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var message = json switch
        {
            RequestFieldException own => own.Message,
            _ when json.Message.StartsWith("Duplicate ", StringComparison.Ordinal) =>
                "is given more than once (property names are matched without regard to case).",
            _ => "is not valid JSON here, or has the wrong type or format for this field.",
        };
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        if (field is null)
        {
            return Problem.MalformedRequest(StatusCodes.Status400BadRequest, $"The request body is not valid JSON for this endpoint{where}; nothing was changed.");
        }
        return TypedResults.Problem(
            $"The request body is not valid for this endpoint: '{field}' {message}{where} Nothing was changed.",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Malformed request",
            type: Problem.TypeBase + "malformed-request",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
    }

    /// <summary>The framework's own message names .NET types ("Failed to bind parameter "int? limit""), so it is rephrased.</summary>
    private static string Describe(BadHttpRequestException bad)
    {
        var parameter = ParameterName().Match(bad.Message);
        return bad.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => "A request body needs Content-Type: application/json.",
            StatusCodes.Status413PayloadTooLarge => $"Request bodies are limited to {RequestBodyGuard.MaxBodyBytes / 1024} KiB.",
            _ when bad.Message.Contains("from body", StringComparison.Ordinal) => "A JSON request body is required.",
            _ when parameter.Success && bad.Message.StartsWith("Required", StringComparison.Ordinal) => $"The parameter '{parameter.Groups["name"].Value}' is required.",
            _ when parameter.Success => $"The parameter '{parameter.Groups["name"].Value}' has a value of the wrong format.",
            _ => "The request is malformed.",
        };
    }

    [GeneratedRegex(@"parameter ""[^""]*? (?<name>[A-Za-z0-9_]+)""")]
    private static partial Regex ParameterName();
}
