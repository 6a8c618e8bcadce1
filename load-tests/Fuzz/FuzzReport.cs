using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// One failure as printed: what was sent and what came back (or what was seen instead). <see cref="Gist"/> is the
/// answer in a few words for the one-line class listing: a problem's title and detail, or the body's start.
/// </summary>
internal sealed record FailureExample(string Request, string Answer, string Gist)
{
    public FailureExample(string request, string answer)
        : this(request, answer, Excerpt.Of(answer, 140))
    {
    }
}

/// <summary>Failures of one class: same endpoint, same case class, same kind of defect, same status.</summary>
internal sealed class FailureGroup(string kind, string endpoint, string caseClass, int status)
{
    private readonly ConcurrentQueue<FailureExample> _examples = new();
    private int _count;

    public string Kind { get; } = kind;
    public string Endpoint { get; } = endpoint;
    public string CaseClass { get; } = caseClass;
    public int Status { get; } = status;
    public int Count => Volatile.Read(ref _count);
    public IEnumerable<FailureExample> Examples => _examples;

    public void Add(FailureExample example, int keep)
    {
        if (Interlocked.Increment(ref _count) <= keep)
        {
            _examples.Enqueue(example);
        }
    }
}

/// <summary>Everything the run saw, counted from many workers at once, and the closing summary.</summary>
internal sealed class FuzzReport(int examplesPerClass)
{
    private const int SlowestListed = 5;
    private readonly ConcurrentDictionary<string, FailureGroup> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _byStatusClass = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<(TimeSpan Elapsed, string What)> _answers = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _sent;
    private int _probes;

    public int Sent => Volatile.Read(ref _sent);
    public int FailureCount => _failures.Values.Sum(g => g.Count);
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Record(FuzzCase fuzz, FuzzResponse response)
    {
        Interlocked.Increment(ref _sent);
        _byStatusClass.AddOrUpdate(StatusClass(response), 1, (_, n) => n + 1);
        _answers.Add((response.Elapsed, $"{fuzz.Endpoint.Name} | {fuzz.CaseClass} → {Outcome(response)}"));
        foreach (var finding in ResponseRules.Check(fuzz, response))
        {
            var anchor = fuzz.Anchor is null ? "" : $" [anchor {fuzz.Anchor}]";
            Fail(finding.Kind, fuzz.Endpoint.Name, fuzz.CaseClass, finding.Status,
                new FailureExample(
                    fuzz.Request.Describe() + anchor,
                    $"{Outcome(response)} in {response.Elapsed.TotalMilliseconds:F0} ms, {response.MediaType ?? "no Content-Type"}: {Excerpt.Of(response.Body)}",
                    Gist(response)));
        }
    }

    public void RecordProbe() => Interlocked.Increment(ref _probes);

    public void Fail(string kind, string endpoint, string caseClass, int status, FailureExample example) =>
        _failures.GetOrAdd($"{kind}\n{endpoint}\n{caseClass}\n{status}", _ => new FailureGroup(kind, endpoint, caseClass, status))
            .Add(example, examplesPerClass);

    public void Print(TextWriter output, string header)
    {
        output.WriteLine();
        output.WriteLine(header);
        output.WriteLine($"requests sent: {Sent:N0} fuzz cases in {Elapsed.TotalSeconds:F1}s (setup, snapshots and {_probes:N0} probes not counted)");
        output.WriteLine("by status class: " + string.Join("  ", _byStatusClass.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value:N0}")));
        output.WriteLine("slowest answers:");
        foreach (var (elapsed, what) in _answers.OrderByDescending(a => a.Elapsed).Take(SlowestListed))
        {
            output.WriteLine($"  {elapsed.TotalMilliseconds,8:F0} ms  {what}");
        }

        var groups = _failures.Values.ToList();
        output.WriteLine();
        if (groups.Count == 0)
        {
            output.WriteLine("PASS: no failures");
            return;
        }

        output.WriteLine($"failures: {FailureCount:N0} in {groups.Count} classes (endpoint + case class + status), by kind:");
        foreach (var kind in groups.GroupBy(g => g.Kind).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            output.WriteLine();
            output.WriteLine($"== {kind.Key}: {kind.Sum(g => g.Count):N0} failures in {kind.Count()} classes");
            foreach (var endpoint in kind.GroupBy(g => g.Endpoint).OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {endpoint.Key}");
                var classes = endpoint.OrderBy(g => g.CaseClass, StringComparer.Ordinal).ThenBy(g => g.Status).ToList();
                foreach (var group in classes)
                {
                    var status = group.Status == 0 ? "" : $" | {group.Status}";
                    output.WriteLine($"    {group.Count,4}×  {group.CaseClass}{status} | {group.Examples.First().Gist}");
                }

                // Examples from different classes first: one of each tells more than three of one.
                foreach (var example in classes.SelectMany(g => g.Examples.Select((e, i) => (e, i))).OrderBy(x => x.i).Take(examplesPerClass).Select(x => x.e))
                {
                    output.WriteLine($"           e.g. sent: {example.Request}");
                    output.WriteLine($"                got:  {example.Answer}");
                }
            }
        }

        output.WriteLine();
        output.WriteLine($"FAIL: {FailureCount:N0} failures in {groups.Count} classes");
    }

    /// <summary>A problem's title and detail (where the leaks and the reasons are), else the start of the body.</summary>
    private static string Gist(FuzzResponse response)
    {
        if (!response.Answered)
        {
            return response.Failure!;
        }

        if (response.Body.Length == 0)
        {
            return "(empty body)";
        }

        try
        {
            var problem = JsonNode.Parse(response.Body) as JsonObject;
            if (problem?["detail"] is JsonValue detail && detail.TryGetValue<string>(out var text))
            {
                return Excerpt.Of($"{problem["title"]}: {text}", 240);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body's start is the gist.
        }

        return Excerpt.Of(response.Body, 120);
    }

    private static string StatusClass(FuzzResponse response) => response.Answered
        ? $"{response.Status / 100}xx"
        : response.Failure!.StartsWith("timeout", StringComparison.Ordinal) ? "timeout" : "no-answer";

    private static string Outcome(FuzzResponse response) => response.Answered ? $"HTTP {response.Status}" : response.Failure!;
}
