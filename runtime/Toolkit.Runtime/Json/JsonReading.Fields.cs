using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using Toolkit.Runtime.Masks;

namespace Toolkit.Runtime.Json;

/// <summary>
/// One call per field: generated readers read a property's value with one of these (advance to the value, read it,
/// name the member on error), so that each field is one line of generated code, not a block.
/// </summary>
public static partial class JsonReading
{
    /// <summary>A string property's value.</summary>
    public static string ReadString(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetString(ref reader, path, member);
    }

    /// <summary>A string property's value, or null.</summary>
    public static string? ReadStringOrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetString(ref reader, path, member);

    /// <summary>A number property's value.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetDouble(ref reader, path, member);
    }

    /// <summary>A number property's value, or null.</summary>
    public static double? ReadDoubleOrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetDouble(ref reader, path, member);

    /// <summary>A 32-bit integer property's value.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetInt32(ref reader, path, member);
    }

    /// <summary>A 32-bit integer property's value, or null.</summary>
    public static int? ReadInt32OrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetInt32(ref reader, path, member);

    /// <summary>A 64-bit integer property's value.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetInt64(ref reader, path, member);
    }

    /// <summary>A 64-bit integer property's value, or null.</summary>
    public static long? ReadInt64OrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetInt64(ref reader, path, member);

    /// <summary>An unsigned 32-bit integer property's value (as a long).</summary>
    public static long ReadUInt32(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetUInt32(ref reader, path, member);
    }

    /// <summary>An unsigned 32-bit integer property's value (as a long), or null.</summary>
    public static long? ReadUInt32OrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetUInt32(ref reader, path, member);

    /// <summary>An unsigned 64-bit integer property's value.</summary>
    public static ulong ReadUInt64(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetUInt64(ref reader, path, member);
    }

    /// <summary>An unsigned 64-bit integer property's value, or null.</summary>
    public static ulong? ReadUInt64OrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetUInt64(ref reader, path, member);

    /// <summary>A boolean property's value.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetBoolean(ref reader, path, member);
    }

    /// <summary>A boolean property's value, or null.</summary>
    public static bool? ReadBooleanOrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetBoolean(ref reader, path, member);

    /// <summary>A date-time property's value.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetDateTimeOffset(ref reader, path, member);
    }

    /// <summary>A date-time property's value, or null.</summary>
    public static DateTimeOffset? ReadDateTimeOffsetOrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetDateTimeOffset(ref reader, path, member);

    /// <summary>A UUID property's value.</summary>
    public static Guid ReadGuid(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetGuid(ref reader, path, member);
    }

    /// <summary>A UUID property's value, or null.</summary>
    public static Guid? ReadGuidOrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetGuid(ref reader, path, member);

    /// <summary>A base64 property's bytes.</summary>
    public static ReadOnlyMemory<byte> ReadBytes(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetBase64(ref reader, path, member);
    }

    /// <summary>A base64 property's bytes, or null.</summary>
    public static ReadOnlyMemory<byte>? ReadBytesOrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : new ReadOnlyMemory<byte>(GetBase64(ref reader, path, member));

    /// <summary>A mask property's value (referring into <paramref name="source"/>).</summary>
    public static EncodedMask ReadMask(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetMask(ref reader, source, path, member);
    }

    /// <summary>A mask property's value, or null.</summary>
    public static EncodedMask? ReadMaskOrNull(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetMask(ref reader, source, path, member);

    /// <summary>Any JSON value of a property (a JSON null is a <see cref="JsonElement"/> of kind Null).</summary>
    public static JsonElement ReadJson(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return GetJson(ref reader, path, member);
    }

    /// <summary>Any JSON value of a property, or null for a JSON null.</summary>
    public static JsonElement? ReadJsonOrNull(ref Utf8JsonReader reader, JsonPath path, string member)
        => ReadIsNull(ref reader, path, member) ? null : GetJson(ref reader, path, member);

    /// <summary>Advances to a property's value; true when it is null (before a typed read of an object, a list...).</summary>
    public static bool ReadIsNull(ref Utf8JsonReader reader, JsonPath path, string member)
    {
        Read(ref reader, path, member);
        return reader.TokenType == JsonTokenType.Null;
    }

    /// <summary>
    /// Every required property came: <paramref name="seen"/> and <paramref name="required"/> hold one bit per field
    /// index of <paramref name="names"/> (objects of up to 64 fields).
    /// </summary>
    public static void RequireAll(JsonPath path, JsonNameTable names, ulong seen, ulong required)
    {
        var missing = required & ~seen;
        if (missing == 0) return;
        throw Missing(path, names[System.Numerics.BitOperations.TrailingZeroCount(missing)]);
    }

    /// <summary>Every required property came (objects of more than 64 fields: one flag per field index).</summary>
    public static void RequireAll(JsonPath path, JsonNameTable names, bool[] seen, int[] required)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(required);
        foreach (var index in required)
        {
            if (!seen[index]) throw Missing(path, names[index]);
        }
    }

    /// <summary>Reads an array of items with <paramref name="item"/>, each at its index of <paramref name="path"/>.</summary>
    public static IReadOnlyList<T> ReadList<T>(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path, JsonItemReader<T> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ExpectArray(ref reader, path);
        var list = new List<T>();
        while (NextItem(ref reader, path)) list.Add(item(ref reader, source, path.Index(list.Count)));
        return list;
    }

    /// <summary>Reads an object of values with <paramref name="item"/>, each at its key of <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path, JsonItemReader<T> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ExpectObject(ref reader, path);
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (NextProperty(ref reader, path))
        {
            var key = GetPropertyName(ref reader, path);
            Read(ref reader, path, key);
            map[key] = item(ref reader, source, path.Member(key));
        }
        return map;
    }
}

/// <summary>Item readers of the primitive kinds, for <see cref="JsonReading.ReadList{T}"/> and <see cref="JsonReading.ReadMap{T}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonItems
{
#pragma warning disable CS1591 // each reads the kind its name says, as JsonReading's Get* does
    public static string String(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetString(ref reader, path);
    public static double Double(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetDouble(ref reader, path);
    public static int Int32(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetInt32(ref reader, path);
    public static long Int64(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetInt64(ref reader, path);
    public static long UInt32(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetUInt32(ref reader, path);
    public static ulong UInt64(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetUInt64(ref reader, path);
    public static bool Boolean(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetBoolean(ref reader, path);
    public static DateTimeOffset DateTimeOffset(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetDateTimeOffset(ref reader, path);
    public static Guid Guid(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetGuid(ref reader, path);
    public static ReadOnlyMemory<byte> Bytes(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetBase64(ref reader, path);
    public static EncodedMask Mask(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetMask(ref reader, source, path);
    public static JsonElement Json(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path) => JsonReading.GetJson(ref reader, path);
#pragma warning restore CS1591
}

/// <summary>Reads one value the reader is on (an array's item, a map's value) at <paramref name="path"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T JsonItemReader<out T>(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, JsonPath path);

/// <summary>
/// Passed to a generated type's reading constructor: an object being read, whose required members the reader sets one
/// by one and then checks all came (so the reader needs no copy of each value).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct JsonObjectReading
{
}
