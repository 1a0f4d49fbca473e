using System;
using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Toolkit.Runtime.Masks;

namespace Toolkit.Runtime.Json;

/// <summary>
/// Reading primitives for generated <see cref="Utf8JsonReader"/> code: each turns a wrong token or malformed JSON
/// into a <see cref="JsonPayloadException"/> naming the JSON path. Readers take the object's <see cref="JsonPath"/>
/// (text only on error) and the member's name, and join them only when something is wrong.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class JsonReading
{
    /// <summary>
    /// How deep a document may nest: an object or array at this many steps from the top is refused (System.Text.Json's
    /// default), by the readers and by the validators.
    /// </summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>A reader over a whole UTF-8 document, positioned on its first token.</summary>
    public static Utf8JsonReader Start(ReadOnlySpan<byte> utf8)
    {
        PooledBodies.Started(utf8);
        var reader = new Utf8JsonReader(utf8, Options);
        Read(ref reader, "$");
        return reader;
    }

    /// <summary>Checks that nothing but whitespace follows the top-level value.</summary>
    public static void End(ref Utf8JsonReader reader)
    {
        bool more;
        try
        {
            more = reader.Read();
        }
        catch (JsonException e)
        {
            throw new JsonPayloadException("$", "the end of the document", "more text (" + e.Message + ")", e);
        }
        if (more) throw new JsonPayloadException("$", "the end of the document", Describe(ref reader));
    }

    /// <summary>Reads the current value, whatever its shape, as a self-contained <see cref="JsonElement"/>.</summary>
    public static JsonElement GetJson(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        try
        {
            return JsonElement.ParseValue(ref reader);
        }
        catch (InvalidOperationException e)
        {
            throw InvalidText(path, member, e);
        }
        catch (JsonException e)
        {
            throw new JsonPayloadException(path.ToString(member), "valid JSON", "malformed JSON at byte " + reader.BytesConsumed.ToString(CultureInfo.InvariantCulture) + " (" + e.Message + ")", e);
        }
    }

    /// <summary>The current property name; a name that is not valid text is an error at <paramref name="path"/>.</summary>
    public static string GetPropertyName(ref Utf8JsonReader reader, JsonPath path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonPayloadException(path.ToString(), "a property name of valid UTF-8 text", "invalid text (" + e.Message + ")", e);
        }
    }

    /// <summary>Advances one token; malformed JSON or the end of the text is an error at <paramref name="path"/>.</summary>
    public static void Read(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        bool read;
        try
        {
            read = reader.Read();
        }
        catch (JsonException e)
        {
            throw new JsonPayloadException(path.ToString(member), "valid JSON", "malformed JSON at byte " + reader.BytesConsumed.ToString(CultureInfo.InvariantCulture) + " (" + e.Message + ")", e);
        }
        if (!read) throw new JsonPayloadException(path.ToString(member), "a value", "the end of the text (the JSON is truncated)");
    }

    /// <summary>The current token must start an object.</summary>
    public static void ExpectObject(ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonPayloadException(path.ToString(), "an object", Describe(ref reader));
    }

    /// <summary>The current token must start an array.</summary>
    public static void ExpectArray(ref Utf8JsonReader reader, JsonPath path)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonPayloadException(path.ToString(), "an array", Describe(ref reader));
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader, JsonPath path)
    {
        Read(ref reader, path);
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Moves to the next item of the current array; false at its end.</summary>
    public static bool NextItem(ref Utf8JsonReader reader, JsonPath path)
    {
        Read(ref reader, path);
        return reader.TokenType != JsonTokenType.EndArray;
    }

    /// <summary>Skips the value of an unknown property: responses may carry fields the spec does not list.</summary>
    public static void Skip(ref Utf8JsonReader reader, JsonPath path)
    {
        try
        {
            if (!reader.TrySkip()) throw new JsonPayloadException(path.ToString(), "a value", "the end of the text (the JSON is truncated)");
        }
        catch (JsonException e)
        {
            throw new JsonPayloadException(path.ToString(), "valid JSON", "malformed JSON (" + e.Message + ")", e);
        }
    }

    /// <summary>True when the value just read is null.</summary>
    public static bool ReadIsNull(ref Utf8JsonReader reader, JsonPath path)
    {
        Read(ref reader, path);
        return reader.TokenType == JsonTokenType.Null;
    }

    /// <summary>
    /// The current token as a string. Inside a stream of events, a short value seen in an earlier event of the same
    /// stream is that event's string, not a new one (<see cref="JsonStringTable"/>).
    /// </summary>
    public static string GetString(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonPayloadException(path.ToString(member), "a string", Describe(ref reader));
        try
        {
            return JsonStringTable.Current is { } seen ? seen.GetString(ref reader) : reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw InvalidText(path, member, e);
        }
    }

    /// <summary>Invalid UTF-8, or an escaped unpaired surrogate: not text, and not something to throw untyped.</summary>
    private static JsonPayloadException InvalidText(JsonPath path, string? member, InvalidOperationException e)
        => new(path.ToString(member), "a string of valid UTF-8 text", "invalid text (" + e.Message + ")", e);

    /// <summary>The current token as a finite double.</summary>
    public static double GetDouble(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || double.IsInfinity(value))
        {
            throw new JsonPayloadException(path.ToString(member), "a number", Describe(ref reader));
        }
        return value;
    }

    // The integer policy (the generator's IntegerFormats): each reader refuses a number outside its range, or with a
    // fraction or exponent, as a JsonPayloadException naming the path and the range; never a wrap, never a crash.

    /// <summary>The current token as a 32-bit integer (<c>format: int32</c>).</summary>
    public static int GetInt32(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
        {
            throw new JsonPayloadException(path.ToString(member), "an integer from -2147483648 to 2147483647", Describe(ref reader));
        }
        return value;
    }

    /// <summary>The current token as a 64-bit integer (<c>format: int64</c>, or an integer with no format).</summary>
    public static long GetInt64(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
        {
            throw new JsonPayloadException(path.ToString(member), "an integer from -9223372036854775808 to 9223372036854775807", Describe(ref reader));
        }
        return value;
    }

    /// <summary>The current token as an unsigned 32-bit integer (<c>format: uint32</c>), for a <c>long</c> field.</summary>
    public static long GetUInt32(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt32(out var value))
        {
            throw new JsonPayloadException(path.ToString(member), "an integer from 0 to 4294967295", Describe(ref reader));
        }
        return value;
    }

    /// <summary>The current token as an unsigned 64-bit integer (<c>format: uint64</c>, e.g. text-generation-inference's seed).</summary>
    public static ulong GetUInt64(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var value))
        {
            throw new JsonPayloadException(path.ToString(member), "an integer from 0 to 18446744073709551615", Describe(ref reader));
        }
        return value;
    }

    /// <summary>The current token as an RFC 3339 (ISO 8601) date-time with its offset.</summary>
    public static DateTimeOffset GetDateTimeOffset(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonPayloadException(path.ToString(member), "an RFC 3339 date-time string", Describe(ref reader));
        }
        return value;
    }

    /// <summary>The current token as a UUID.</summary>
    public static Guid GetGuid(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetGuid(out var value))
        {
            throw new JsonPayloadException(path.ToString(member), "a UUID string", Describe(ref reader));
        }
        return value;
    }

    /// <summary>The current token as a boolean.</summary>
    public static bool GetBoolean(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
        {
            throw new JsonPayloadException(path.ToString(member), "true or false", Describe(ref reader));
        }
        return reader.TokenType == JsonTokenType.True;
    }

    /// <summary>The current token as base64-decoded bytes.</summary>
    public static byte[] GetBase64(ref Utf8JsonReader reader, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out var bytes))
        {
            throw new JsonPayloadException(path.ToString(member), "a base64 string", Describe(ref reader));
        }
        return bytes;
    }

    /// <summary>
    /// The current token as an encoded mask. When the string has no escapes it is sliced from
    /// <paramref name="source"/> without copying; decoding happens only when the caller asks for it.
    /// </summary>
    public static EncodedMask GetMask(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path, string? member = null)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonPayloadException(path.ToString(member), "a base64 PNG string", Describe(ref reader));
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && source.Length >= reader.TokenStartIndex + 1 + reader.ValueSpan.Length)
        {
            var start = checked((int)reader.TokenStartIndex + 1); // skip the opening quote
            PooledBodies.Keep(source); // the mask keeps a slice of the body: it must not go back to the pool
            return new EncodedMask(source.Slice(start, reader.ValueSpan.Length));
        }
        var buffer = new byte[reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length];
        int written;
        try
        {
            written = reader.CopyString(buffer);
        }
        catch (InvalidOperationException e)
        {
            throw InvalidText(path, member, e);
        }
        return new EncodedMask(buffer.AsMemory(0, written));
    }

    /// <summary>
    /// The value of the string property <paramref name="name"/> of the object the reader is at, read from a copy of the
    /// reader (it stays where it is): the tag that says which variant of a tagged union the object is. Generated
    /// readers read whole buffers, so the object is all there.
    /// </summary>
    public static string PeekTag(Utf8JsonReader reader, JsonPath path, string name, string expected)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, path, "an object");
        var depth = reader.CurrentDepth;
        while (NextTopLevelProperty(ref reader, depth))
        {
            if (!reader.ValueTextEquals(name)) continue;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, path.ToString(name), expected);
            return reader.GetString()!;
        }
        throw new JsonPayloadException(path.ToString(name), expected, "an object without it");
    }

    /// <summary>
    /// Which of <paramref name="markers"/> (property names, each required by one variant of a union and by no other)
    /// the object the reader is at has, first in the object's order; -1 when none. Reads a copy of the reader.
    /// </summary>
    public static int PeekMarker(Utf8JsonReader reader, JsonPath path, params string[] markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        return Marker(ref reader, path, null, null, null, markers);
    }

    /// <summary>
    /// <see cref="PeekMarker(Utf8JsonReader, JsonPath, string[])"/> for a union of two object variants, the common
    /// case (a chat delta: text or tool calls), without a params array each time a value is read.
    /// </summary>
    public static int PeekMarker(Utf8JsonReader reader, JsonPath path, string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Marker(ref reader, path, first, second, null, null);
    }

    /// <summary><see cref="PeekMarker(Utf8JsonReader, JsonPath, string[])"/> for three object variants, without a params array.</summary>
    public static int PeekMarker(Utf8JsonReader reader, JsonPath path, string first, string second, string third)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(third);
        return Marker(ref reader, path, first, second, third, null);
    }

    /// <summary>The markers are <paramref name="markers"/> when given, else the (two or three) named ones.</summary>
    private static int Marker(ref Utf8JsonReader reader, JsonPath path, string? first, string? second, string? third, string[]? markers)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, path, "an object");
        var depth = reader.CurrentDepth;
        while (NextTopLevelProperty(ref reader, depth))
        {
            if (markers is null)
            {
                if (reader.ValueTextEquals(first)) return 0;
                if (reader.ValueTextEquals(second)) return 1;
                if (third is not null && reader.ValueTextEquals(third)) return 2;
                continue;
            }
            for (var i = 0; i < markers.Length; i++)
            {
                if (reader.ValueTextEquals(markers[i])) return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Moves to the next property name of the object that starts at <paramref name="depth"/>, skipping the values of
    /// the ones before; false at its end.
    /// </summary>
    private static bool NextTopLevelProperty(ref Utf8JsonReader reader, int depth)
    {
        if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
        {
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
        }
        return reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1;
    }

    /// <summary>The error for a tagged union's object whose tag names no variant.</summary>
    public static JsonPayloadException UnknownTag(JsonPath path, string name, string tag, string expected)
        => new(path.ToString(name), expected, "\"" + (tag.Length > 40 ? tag.Substring(0, 40) + "..." : tag) + "\"");

    /// <summary>The error for a union's object that has none of the properties that tell its object variants apart.</summary>
    public static JsonPayloadException NoMarker(JsonPath path, string expected)
        => new(path.ToString(), expected, "an object with none of them");

    /// <summary>The error for a required property that never came.</summary>
    public static JsonPayloadException Missing(JsonPath path, string property)
        => new(path.ToString(), "the required property '" + property + "'", "an object without it");

    /// <summary>The error for a token that is not what the spec expects at <paramref name="path"/>.</summary>
    public static JsonPayloadException Unexpected(ref Utf8JsonReader reader, JsonPath path, string expected, string? member = null)
        => new(path.ToString(member), expected, Describe(ref reader));

    private static string Describe(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // The raw bytes, decoded leniently: describing a bad value must not fail on it.
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                var text = System.Text.Encoding.UTF8.GetString(raw, 0, Math.Min(raw.Length, 160));
                return "the string \"" + (text.Length > 40 || raw.Length > 160 ? text.Substring(0, Math.Min(text.Length, 40)) + "..." : text) + "\"";
            case JsonTokenType.Number:
                var digits = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
                return "the number " + System.Text.Encoding.UTF8.GetString(digits, 0, Math.Min(digits.Length, 40)) + (digits.Length > 40 ? "..." : "");
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            case JsonTokenType.Null: return "null";
            case JsonTokenType.StartObject: return "an object";
            case JsonTokenType.StartArray: return "an array";
            case JsonTokenType.EndObject: return "the end of an object";
            case JsonTokenType.EndArray: return "the end of an array";
            default: return reader.TokenType.ToString();
        }
    }
}
