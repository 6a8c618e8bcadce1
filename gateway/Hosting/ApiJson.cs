using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrleansLoyalty.Gateway.Hosting;

/// <summary>
/// How the API reads JSON: a property given twice (also as "amount" and "Amount", since names match
/// without regard to case) is refused rather than resolved by "last one wins", and a moment in time must
/// carry its offset, since "10:00" alone means a different instant on every server.
/// </summary>
public static class ApiJson
{
    public static IServiceCollection AddApiJson(this IServiceCollection services) => services.ConfigureHttpJsonOptions(options =>
    {
        options.SerializerOptions.AllowDuplicateProperties = false;
        options.SerializerOptions.Converters.Add(new OffsetDateTimeConverter());
    });
}

/// <summary>A JSON value the API refuses, with a message for the caller; the path to the field is added by the serializer.</summary>
public sealed class RequestFieldException(string message) : JsonException(message);

/// <summary>ISO 8601 date and time with a mandatory offset ('Z' or ±hh:mm).</summary>
public sealed partial class OffsetDateTimeConverter : JsonConverter<DateTimeOffset>
{
    private const string Expected = "must be an ISO 8601 date and time with an offset, e.g. 2025-06-01T10:00:00+02:00 or 2025-06-01T08:00:00Z.";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new RequestFieldException(Expected);
        var text = reader.GetString()!;
        if (text.Length > 40 || !WithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new RequestFieldException(Expected);
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex WithOffset();
}
