using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansLoyalty.Domain.Common;

namespace OrleansLoyalty.Domain.LoyaltyProgram;

/// <summary>How earned points are rounded to whole points.</summary>
public static class PointsRounding
{
    public const string Floor = "floor";
    public const string Nearest = "nearest";
    public const string Ceiling = "ceiling";
    public static readonly IReadOnlyList<string> All = [Floor, Nearest, Ceiling];
}

/// <param name="PointsPerUnit">Base points per whole currency unit spent.</param>
/// <param name="PendingDays">Days after a purchase before its points can be redeemed (the return window).</param>
/// <param name="ExcludedCategories">Categories that earn nothing (gift cards, tobacco).</param>
/// <param name="CategoryMultipliers">Points multiplier per category (2: double points).</param>
public sealed record EarningSection(
    decimal PointsPerUnit,
    string Rounding,
    int PendingDays,
    IReadOnlyList<string> ExcludedCategories,
    IReadOnlyDictionary<string, decimal> CategoryMultipliers);

public sealed record TierLevel(string Name, long QualifyingPoints);

public sealed record TierSection(int WindowDays, IReadOnlyList<TierLevel> Levels);

/// <summary>
/// A loyalty program as its marketing team defines it (JSON), validated as a whole by <see cref="Parse"/>. Stored in
/// versions; a version applies to what is decided after it, never to history (decisions are events).
/// </summary>
public sealed record ProgramDefinition(string Name, EarningSection Earning, TierSection Tiers)
{
    // Declared before Default: static fields initialise in order, and parsing the default uses it.
    private static readonly Regex TierName = new("^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant);

    /// <summary>The program a fresh system runs: the file shipped beside this class (default-program.json).</summary>
    public static readonly string DefaultJson = ReadDefault();

    public static ProgramDefinition Default { get; } = Parse(JsonDocument.Parse(DefaultJson).RootElement).Definition
        ?? throw new InvalidOperationException("The shipped default program is invalid.");

    /// <summary>
    /// Reads a definition, collecting every error with its JSON path (a wrong type, a missing or unknown field, a value
    /// out of range), so a marketing team fixes the whole file in one go. No definition when there is any error.
    /// </summary>
    public static (ProgramDefinition? Definition, IReadOnlyList<(string Path, string Message)> Errors) Parse(JsonElement json)
    {
        var reader = new Reader();
        var definition = reader.Object(json, "$", ["name", "earning", "tiers"], root =>
        {
            var name = reader.Text(root, "$", "name", 1, 100);
            var earning = reader.Object(root.GetPropertyOrDefault("earning"), "$.earning",
                ["pointsPerUnit", "rounding", "pendingDays", "excludedCategories", "categoryMultipliers"], e => ReadEarning(reader, e));
            var tiers = reader.Object(root.GetPropertyOrDefault("tiers"), "$.tiers", ["windowDays", "levels"], t => ReadTiers(reader, t));
            return name is null || earning is null || tiers is null ? null : new ProgramDefinition(name, earning, tiers);
        });
        return reader.Errors.Count == 0 ? (definition, []) : (null, reader.Errors);
    }

    private static EarningSection? ReadEarning(Reader reader, JsonElement earning)
    {
        var rate = reader.Number(earning, "$.earning", "pointsPerUnit", 0.01m, 1000m);
        var rounding = reader.Text(earning, "$.earning", "rounding", 1, 20);
        if (rounding is not null && !PointsRounding.All.Contains(rounding))
        {
            reader.Error("$.earning.rounding", $"must be one of: {string.Join(", ", PointsRounding.All)}.");
        }
        var pending = reader.Number(earning, "$.earning", "pendingDays", 0, 365, whole: true);
        var excluded = reader.Names(earning.GetPropertyOrDefault("excludedCategories"), "$.earning.excludedCategories");
        var multipliers = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var map = earning.GetPropertyOrDefault("categoryMultipliers");
        if (map.ValueKind != JsonValueKind.Object) reader.Error("$.earning.categoryMultipliers", "is required: an object of category to multiplier ({} for none).");
        else
        {
            foreach (var entry in map.EnumerateObject())
            {
                var category = Reader.NameOf(entry);
                var path = $"$.earning.categoryMultipliers['{category}']";
                if (string.IsNullOrWhiteSpace(category) || StorableText.Problem(category, 64) is not null)
                {
                    reader.Error("$.earning.categoryMultipliers", "a category name is 1 to 64 characters that can be stored.");
                    continue;
                }
                if (reader.Number(map, "$.earning.categoryMultipliers", category, 0.1m, 10m, path) is { } multiplier) multipliers[category] = multiplier;
                if (excluded?.Contains(category) == true) reader.Error(path, "is an excluded category: it earns nothing, so it cannot have a multiplier.");
            }
        }
        return rate is null || rounding is null || pending is null || excluded is null ? null
            : new EarningSection(rate.Value, rounding, (int)pending.Value, excluded, multipliers);
    }

    private static TierSection? ReadTiers(Reader reader, JsonElement tiers)
    {
        var window = reader.Number(tiers, "$.tiers", "windowDays", 1, 3650, whole: true);
        var levels = new List<TierLevel>();
        var array = tiers.GetPropertyOrDefault("levels");
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            reader.Error("$.tiers.levels", "is required: at least one tier, the first needing 0 qualifying points.");
        }
        else
        {
            var index = 0;
            foreach (var level in array.EnumerateArray())
            {
                var path = $"$.tiers.levels[{index}]";
                var parsed = reader.Object(level, path, ["name", "qualifyingPoints"], l =>
                {
                    var name = reader.Text(l, path, "name", 1, 32);
                    if (name is not null && !TierName.IsMatch(name)) reader.Error(path + ".name", "must be lower-case letters, digits, '_' or '-', starting with a letter.");
                    var points = reader.Number(l, path, "qualifyingPoints", 0, 100_000_000, whole: true);
                    return name is null || points is null ? null : new TierLevel(name, (long)points.Value);
                });
                if (parsed is not null)
                {
                    if (index == 0 && parsed.QualifyingPoints != 0) reader.Error(path + ".qualifyingPoints", "the first tier must need 0 qualifying points: every member holds it.");
                    if (levels.Count > 0 && parsed.QualifyingPoints <= levels[^1].QualifyingPoints) reader.Error(path + ".qualifyingPoints", "must be more than the tier before it.");
                    if (levels.Any(l => l.Name == parsed.Name)) reader.Error(path + ".name", "is the name of another tier.");
                    levels.Add(parsed);
                }
                index++;
            }
        }
        return window is null || levels.Count == 0 ? null : new TierSection((int)window.Value, levels);
    }

    private static string ReadDefault()
    {
        using var stream = typeof(ProgramDefinition).Assembly.GetManifestResourceStream("program/default-program.json")
            ?? throw new InvalidOperationException("The default program is not embedded.");
        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }

    /// <summary>Reads fields of a JSON document, noting every problem with its path instead of stopping at the first.</summary>
    private sealed class Reader
    {
        public List<(string Path, string Message)> Errors { get; } = [];

        public void Error(string path, string message) => Errors.Add((path, message));

        public T? Object<T>(JsonElement element, string path, IReadOnlyList<string> fields, Func<JsonElement, T?> read) where T : class
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, element.ValueKind == JsonValueKind.Undefined ? "is required." : "must be a JSON object.");
                return null;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (NameOf(property) is not { } name) Error(path, "has a field name that is not valid text.");
                else if (!fields.Contains(name)) Error($"{path}.{name}", $"is not a field here; the fields are: {string.Join(", ", fields)}.");
            }
            return read(element);
        }

        public string? Text(JsonElement owner, string path, string field, int min, int max)
        {
            var text = StorableString(owner.GetPropertyOrDefault(field), max);
            if (text is null || text.Trim().Length < min)
            {
                Error($"{path}.{field}", $"is required: a text of {min} to {max} characters that can be stored (no control characters, valid Unicode).");
                return null;
            }
            return text.Trim();
        }

        public decimal? Number(JsonElement owner, string path, string field, decimal min, decimal max, string? fullPath = null, bool whole = false)
        {
            var value = owner.GetPropertyOrDefault(field);
            var at = fullPath ?? $"{path}.{field}";
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < min || number > max || (whole && number != decimal.Truncate(number)))
            {
                Error(at, $"is required: {(whole ? "a whole number" : "a number")} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
                return null;
            }
            return number;
        }

        /// <summary>A property's name, or null when it is not valid text (an unpaired surrogate escape).</summary>
        public static string? NameOf(JsonProperty property)
        {
            try
            {
                return property.Name;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The string, or null when it is not one, is too long, or holds what cannot be stored (lone surrogates, NUL, controls).</summary>
        public static string? StorableString(JsonElement value, int max)
        {
            if (value.ValueKind != JsonValueKind.String) return null;
            try
            {
                var text = value.GetString()!;
                return StorableText.Problem(text, max) is null ? text : null;
            }
            catch (InvalidOperationException)
            {
                // Invalid UTF-8 or an unpaired surrogate escape: not text.
                return null;
            }
        }

        public IReadOnlyList<string>? Names(JsonElement array, string path)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                Error(path, "is required: an array of category names ([] for none).");
                return null;
            }
            var names = new List<string>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var name = StorableString(item, 64);
                if (string.IsNullOrWhiteSpace(name)) Error($"{path}[{index}]", "must be a category name of 1 to 64 characters that can be stored.");
                else if (names.Contains(name)) Error($"{path}[{index}]", "is listed twice.");
                else names.Add(name);
                index++;
            }
            return names;
        }
    }
}

internal static class JsonElementExtensions
{
    /// <summary>The property's value, or default when absent; a sibling whose name is not valid text is passed over (the reader reports it).</summary>
    public static JsonElement GetPropertyOrDefault(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return default;
        try
        {
            return element.TryGetProperty(name, out var value) ? value : default;
        }
        catch (InvalidOperationException)
        {
            foreach (var property in element.EnumerateObject())
            {
                try
                {
                    if (property.NameEquals(name)) return property.Value;
                }
                catch (InvalidOperationException)
                {
                    // This sibling's name is an unpaired surrogate escape: not the one asked for.
                }
            }
            return default;
        }
    }
}
