using System.Text;
using System.Text.Json.Nodes;

namespace OrleansLoyalty.LoadTests.Fuzz;

/// <summary>
/// A request body under construction: a valid JSON object to start from, where any field can then be replaced
/// by raw bytes that no serializer would write (lone surrogates, 1e308, duplicate names, broken UTF-8...).
/// Paths are dotted with indexes, as the gateway names fields in its errors: <c>lines[0].amount</c>.
/// </summary>
internal sealed class JsonDraft(JsonObject root)
{
    private const string PlaceholderPrefix = "@@fuzz-raw-";
    private const string AppendKey = "@@fuzz-append@@";
    private readonly List<byte[]> _raw = [];

    public static JsonDraft Parse(string json) => new((JsonObject)JsonNode.Parse(json)!);

    /// <summary>The field's current value as JSON text (null when the field is absent).</summary>
    public string? ValueText(string path)
    {
        var (parent, last) = Navigate(path);
        return last.Index is { } index
            ? (parent as JsonArray)?[index]?.ToJsonString()
            : (parent as JsonObject)?[last.Name]?.ToJsonString();
    }

    public void SetRaw(string path, string rawJson) => SetRaw(path, Encoding.UTF8.GetBytes(rawJson));

    public void SetRaw(string path, byte[] rawJson)
    {
        _raw.Add(rawJson);
        Set(path, JsonValue.Create(PlaceholderPrefix + (_raw.Count - 1) + "@@"));
    }

    public void Set(string path, JsonNode? value)
    {
        var (parent, last) = Navigate(path);
        if (last.Index is { } index && parent is JsonArray array && index < array.Count)
        {
            array[index] = value;
        }
        else if (last.Index is null && parent is JsonObject obj)
        {
            obj[last.Name] = value;
        }
    }

    public void Remove(string path)
    {
        var (parent, last) = Navigate(path);
        if (last.Index is { } index && parent is JsonArray array && index < array.Count)
        {
            array.RemoveAt(index);
        }
        else if (last.Index is null && parent is JsonObject obj)
        {
            obj.Remove(last.Name);
        }
    }

    /// <summary>Adds members after the existing ones, as raw text: <c>"name":value</c> pairs, duplicates allowed.</summary>
    public void AppendRawMembers(string rawMembers)
    {
        root[AppendKey] = JsonValue.Create(PlaceholderPrefix + _raw.Count + "@@");
        _raw.Add(Encoding.UTF8.GetBytes(rawMembers));
    }

    public byte[] Render()
    {
        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString());
        // The appended members replace their whole "key":"placeholder" pair; fields replace only the value.
        bytes = Replace(bytes, Encoding.UTF8.GetBytes($"\"{AppendKey}\":"), []);
        for (var i = 0; i < _raw.Count; i++)
        {
            bytes = Replace(bytes, Encoding.UTF8.GetBytes($"\"{PlaceholderPrefix}{i}@@\""), _raw[i]);
        }

        return bytes;
    }

    private static byte[] Replace(byte[] source, byte[] pattern, byte[] replacement)
    {
        var at = source.AsSpan().IndexOf(pattern);
        return at < 0 ? source : [.. source[..at], .. replacement, .. source[(at + pattern.Length)..]];
    }

    private (JsonNode? Parent, PathSegment Last) Navigate(string path)
    {
        var segments = PathSegment.Split(path);
        JsonNode? node = root;
        foreach (var segment in segments[..^1])
        {
            node = segment.Index is { } index
                ? (node as JsonArray) is { } array && index < array.Count ? array[index] : null
                : (node as JsonObject)?[segment.Name];
        }

        return (node, segments[^1]);
    }

    /// <summary>One step of a path: a property name, or an index into the array named by the previous step.</summary>
    private sealed record PathSegment(string Name, int? Index)
    {
        public static PathSegment[] Split(string path)
        {
            var segments = new List<PathSegment>();
            foreach (var part in path.Split('.'))
            {
                var bracket = part.IndexOf('[', StringComparison.Ordinal);
                if (bracket < 0)
                {
                    segments.Add(new(part, null));
                    continue;
                }

                segments.Add(new(part[..bracket], null));
                segments.Add(new(part[..bracket], int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)));
            }

            return [.. segments];
        }
    }
}
