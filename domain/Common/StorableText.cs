namespace OrleansLoyalty.Domain.Common;

/// <summary>
/// What a free-text field may hold so that PostgreSQL (jsonb, UTF-8) and every client can store and show
/// it: no control characters (C0, DEL, C1 — PostgreSQL's jsonb cannot hold U+0000 at all, and none of them
/// belong in a name or a reason), no lone surrogates (not encodable in UTF-8), no noncharacters U+FFFE/U+FFFF.
/// Length is bounded twice: in characters (Unicode scalar values, what a person counts) and in UTF-8
/// bytes (what storage pays), so a string of emoji cannot be four times the size of its limit.
/// </summary>
public static class StorableText
{
    /// <summary>Bytes allowed per character of a field's limit: every letter of the Basic Multilingual Plane fits.</summary>
    public const int BytesPerCharacter = 3;

    /// <summary>Why <paramref name="value"/> cannot be stored as text of at most <paramref name="maxCharacters"/> characters, or null when it can.</summary>
    public static string? Problem(string value, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(value);
        var characters = 0;
        var bytes = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                bytes += 4;
            }
            else if (char.IsSurrogate(c))
            {
                return $"contains an unpaired UTF-16 surrogate at position {i}, which is not text.";
            }
            else if (char.IsControl(c))
            {
                return $"contains the control character U+{(int)c:X4} at position {i}; control characters are not accepted.";
            }
            else if (c is '\uFFFE' or '\uFFFF')
            {
                return $"contains the noncharacter U+{(int)c:X4} at position {i}.";
            }
            else
            {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            characters++;
        }
        if (characters > maxCharacters) return $"must be at most {maxCharacters} characters (it has {characters}).";
        var maxBytes = maxCharacters * BytesPerCharacter;
        return bytes > maxBytes ? $"must be at most {maxBytes} bytes in UTF-8 (it has {bytes})." : null;
    }
}
