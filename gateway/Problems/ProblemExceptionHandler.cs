using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using OrleansLoyalty.GrainInterfaces.Members;

namespace OrleansLoyalty.Gateway.Problems;

/// <summary>
/// Turns the exceptions that reach the pipeline into problem responses: a body that is not valid JSON is
/// the caller's 400, a cluster that cannot answer in time is a 503 to retry, anything else a logged 500.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => Problem.MalformedRequest(bad.StatusCode, Describe(bad)),
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

    private static string Describe(BadHttpRequestException bad) => bad.InnerException is JsonException json
        ? $"The request body is not valid JSON for this endpoint: {json.Message}"
        : bad.Message;
}
