using System.Text.Json;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>One thing wrong with an answer: a short kind to group by ("5xx", "not-a-problem: ...") and the status.</summary>
internal sealed record Finding(string Kind, int Status);

/// <summary>
/// The rules every answer must follow: an answer at all, no 5xx, no 2xx for what must be refused, the status a
/// case asks for, and every 4xx an RFC 7807 problem that gives nothing of the implementation away.
/// </summary>
internal static class ResponseRules
{
    public const string ProblemMediaType = "application/problem+json";

    /// <summary>Text that only reaches a response when an exception or a .NET type name leaks into it.</summary>
    private static readonly (string Marker, string Meaning)[] LeakMarkers =
    [
        ("System.", ".NET type name"),
        ("Microsoft.", ".NET type name"),
        ("OrleansLoyalty.", ".NET type name"),
        ("Orleans.", ".NET type name"),
        ("Nullable`1", ".NET type name"),
        ("Exception", "exception text"),
        ("BytePositionInLine", "JsonException text"),
        ("   at ", "stack trace"),
        ("Npgsql", "database driver text"),
    ];

    public static IReadOnlyList<Finding> Check(FuzzCase fuzz, FuzzResponse response)
    {
        if (!response.Answered)
        {
            return [new(response.Failure!.StartsWith("timeout", StringComparison.Ordinal) ? "timeout" : "no answer", 0)];
        }

        var status = response.Status;
        var findings = new List<Finding>();
        if (status >= 500)
        {
            findings.Add(new("5xx", status));
        }
        else if (status is < 200 or (>= 300 and < 400))
        {
            findings.Add(new("unexpected status class", status));
        }
        else if (status < 300 && !fuzz.Expect.SuccessAllowed)
        {
            findings.Add(new(fuzz.IsFuzzWrite ? "invalid write accepted (2xx)" : "invalid request answered 2xx", status));
        }

        // Only a 4xx can be the wrong 4xx: a 5xx or 2xx is reported as such already.
        if (fuzz.Expect.Status is { } expected && status != expected && status is >= 400 and < 500)
        {
            findings.Add(new($"wrong status (expected {expected})", status));
        }

        if (fuzz.Expect.Within is { } limit && response.Elapsed > limit)
        {
            findings.Add(new($"slow answer (over {limit.TotalSeconds:0.#}s)", status));
        }

        // A HEAD answer has no body to judge; a 5xx is already a failure whatever its body says.
        if (status is >= 400 and < 500 && fuzz.Request.Method != HttpMethod.Head)
        {
            if (fuzz.Expect.ProblemRequired && ProblemDefect(response, fuzz.Expect.ProblemType) is { } defect)
            {
                findings.Add(new($"not a problem: {defect}", status));
            }

            if (Leak(response.Body) is { } leak)
            {
                findings.Add(new($"leaks {leak}", status));
            }
        }

        return findings;
    }

    /// <summary>What keeps the answer from being an RFC 7807 problem for its status, or null when it is one.</summary>
    private static string? ProblemDefect(FuzzResponse response, string? problemType)
    {
        if (response.MediaType != ProblemMediaType)
        {
            return $"Content-Type {response.MediaType ?? "missing"}";
        }

        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "body is not a JSON object";
            }

            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (string.IsNullOrEmpty(Text("type")))
            {
                return "no 'type'";
            }

            if (string.IsNullOrEmpty(Text("title")))
            {
                return "no 'title'";
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number
                || !status.TryGetInt32(out var value) || value != response.Status)
            {
                return "'status' missing or not the HTTP status";
            }

            return problemType is not null && Text("type")?.EndsWith(problemType, StringComparison.Ordinal) != true
                ? $"type {Text("type")}, expected …{problemType}"
                : null;
        }
        catch (JsonException)
        {
            return "body is not JSON";
        }
    }

    private static string? Leak(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        foreach (var (marker, meaning) in LeakMarkers)
        {
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return $"{meaning} ('{marker.Trim()}')";
            }
        }

        return null;
    }
}
