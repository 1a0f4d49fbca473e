using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Toolkit.Runtime.Json;

/// <summary>Writer settings for generated <see cref="Utf8JsonWriter"/> code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonWriting
{
    /// <summary>
    /// Relaxed escaping: bodies go to an API, not into HTML, and escaping '+' in base64 would bloat every image.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A writer over <paramref name="output"/> with <see cref="Options"/>.</summary>
    public static Utf8JsonWriter Create(IBufferWriter<byte> output) => new(output, Options);

    /// <summary>An array of <paramref name="value"/>'s items, each written by <paramref name="item"/> (a null item as null).</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, IReadOnlyList<T> value, Action<Utf8JsonWriter, T> item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(item);
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            if (value[i] is { } one) item(writer, one);
            else writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }

    /// <summary>An object of <paramref name="value"/>'s entries, each value written by <paramref name="item"/> (a null as null).</summary>
    public static void WriteMap<T>(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> value, Action<Utf8JsonWriter, T> item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(item);
        writer.WriteStartObject();
        foreach (var pair in value)
        {
            writer.WritePropertyName(pair.Key);
            if (pair.Value is { } one) item(writer, one);
            else writer.WriteNullValue();
        }
        writer.WriteEndObject();
    }

    /// <summary>A property holding a list, when it is set.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<T>? value, Action<Utf8JsonWriter, T> item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null) return;
        writer.WritePropertyName(name);
        WriteList(writer, value, item);
    }

#pragma warning disable CS1591 // item writers of the primitive kinds, for WriteList and WriteMap
    public static readonly Action<Utf8JsonWriter, string> String = static (w, v) => w.WriteStringValue(v);
    public static readonly Action<Utf8JsonWriter, double> Double = static (w, v) => w.WriteNumberValue(v);
    public static readonly Action<Utf8JsonWriter, int> Int32 = static (w, v) => w.WriteNumberValue(v);
    public static readonly Action<Utf8JsonWriter, long> Int64 = static (w, v) => w.WriteNumberValue(v);
    public static readonly Action<Utf8JsonWriter, ulong> UInt64 = static (w, v) => w.WriteNumberValue(v);
    public static readonly Action<Utf8JsonWriter, bool> Boolean = static (w, v) => w.WriteBooleanValue(v);
    public static readonly Action<Utf8JsonWriter, DateTimeOffset> DateTimeOffset = static (w, v) => w.WriteStringValue(v);
    public static readonly Action<Utf8JsonWriter, Guid> Guid = static (w, v) => w.WriteStringValue(v);
    public static readonly Action<Utf8JsonWriter, ReadOnlyMemory<byte>> Bytes = static (w, v) => w.WriteBase64StringValue(v.Span);
    public static readonly Action<Utf8JsonWriter, Masks.EncodedMask> Mask = static (w, v) => w.WriteStringValue(v.Base64Utf8.Span);
    public static readonly Action<Utf8JsonWriter, JsonElement> Json = static (w, v) => v.WriteTo(w);
#pragma warning restore CS1591
}
