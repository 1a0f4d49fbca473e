using System;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Toolkit.Runtime.Json;

/// <summary>
/// Strings seen in one stream of events, so that a value every event repeats (a chat chunk's model id, system
/// fingerprint, object kind and role) is made into a string once, not once an event: the next time, the value's UTF-8
/// bytes are compared with the stored ones and the stored string is returned. The event loop makes a table
/// <see cref="Current"/> around each event's read (which is synchronous); <see cref="JsonReading.GetString"/> consults
/// it. Bounded: 64 slots of at most 64 bytes each, one slot per hash, a string that keeps being seen survives a few
/// collisions; a miss costs one comparison of at most 64 bytes. Tables are reused (one spare per thread), so a stream
/// allocates none.
/// </summary>
internal sealed class JsonStringTable
{
    /// <summary>Longer values (content, mostly) are not kept: they rarely repeat whole.</summary>
    internal const int MaxBytes = 64;

    private const int Slots = 64;
    private const int MaxHits = 3;

    [ThreadStatic]
    private static JsonStringTable? t_current;

    [ThreadStatic]
    private static JsonStringTable? t_spare;

    private readonly byte[] _bytes = new byte[Slots * MaxBytes];
    private readonly string?[] _strings = new string?[Slots];
    private readonly byte[] _lengths = new byte[Slots];
    private readonly byte[] _hits = new byte[Slots];

    /// <summary>The table of the event being read on this thread, or null outside a stream.</summary>
    internal static JsonStringTable? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>An empty table: this thread's spare, else a new one.</summary>
    internal static JsonStringTable Rent()
    {
        var table = t_spare ?? new JsonStringTable();
        t_spare = null;
        return table;
    }

    /// <summary>Empties <paramref name="table"/> (it keeps no string of the stream) and keeps it as this thread's spare.</summary>
    internal static void Return(JsonStringTable table)
    {
        Array.Clear(table._strings);
        Array.Clear(table._lengths);
        Array.Clear(table._hits);
        t_spare = table;
    }

    /// <summary>
    /// The string value the reader is on: the stored one when its bytes were seen before, else a new one (kept when it
    /// is short and unescaped). Invalid UTF-8 throws <see cref="InvalidOperationException"/>, as
    /// <see cref="Utf8JsonReader.GetString"/> does: a value is stored only after it was made into a string.
    /// </summary>
    internal string GetString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence) return reader.GetString()!;
        var value = reader.ValueSpan;
        if (value.Length is 0 or > MaxBytes) return reader.GetString()!;
        var slot = Slot(value);
        var stored = _bytes.AsSpan(slot * MaxBytes, _lengths[slot]);
        if (_strings[slot] is { } seen && value.SequenceEqual(stored))
        {
            if (_hits[slot] < MaxHits) _hits[slot]++;
            return seen;
        }
        var made = reader.GetString()!;
        if (_strings[slot] is not null && _hits[slot] > 0)
        {
            // A value seen again and again keeps its slot against a few one-off values.
            _hits[slot]--;
            return made;
        }
        value.CopyTo(_bytes.AsSpan(slot * MaxBytes));
        _lengths[slot] = (byte)value.Length;
        _strings[slot] = made;
        _hits[slot] = 0;
        return made;
    }

    /// <summary>A hash of the length and up to 24 bytes (start, middle, end) of a value of 1 to 64 bytes, to 6 bits.</summary>
    internal static int Slot(ReadOnlySpan<byte> value)
    {
        const ulong Mix = 0x9E3779B97F4A7C15UL;
        var hash = (ulong)value.Length * Mix;
        if (value.Length >= 8)
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(value)) * Mix;
            hash = (hash ^ MemoryMarshal.Read<ulong>(value.Slice(value.Length / 2 - 4))) * Mix;
            hash = (hash ^ MemoryMarshal.Read<ulong>(value.Slice(value.Length - 8))) * Mix;
        }
        else
        {
            foreach (var b in value) hash = (hash ^ b) * Mix;
        }
        return (int)(hash >> 58);
    }
}
