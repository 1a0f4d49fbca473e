using System;
using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace Toolkit.Runtime.Json;

/// <summary>
/// The names a generated reader knows (an object's property names, an enum's wire values), looked up by the
/// reader's current property name or string. Generated readers switch on the index it returns: a flat switch
/// compiles in time linear in the number of names, where a chain of <c>else if</c> nests once per name (10,000
/// fields overflowed the compiler's stack), and a lookup stays constant-time however many names there are.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonNameTable
{
    /// <summary>Up to this many names a linear scan is as fast as hashing (the usual object has a handful).</summary>
    private const int LinearLimit = 8;

    private readonly byte[][] _names;
    private readonly int[]? _slots; // open addressing: index + 1, 0 = empty
    private readonly int _maxLength;

    /// <summary>Creates the table; <paramref name="names"/> are the JSON names in the order of the reader's cases.</summary>
    public JsonNameTable(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new byte[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            _names[i] = Encoding.UTF8.GetBytes(names[i]);
            _maxLength = Math.Max(_maxLength, _names[i].Length);
        }
        if (names.Length <= LinearLimit) return;
        var size = 16;
        while (size < names.Length * 2) size <<= 1;
        _slots = new int[size];
        for (var i = 0; i < _names.Length; i++)
        {
            var slot = (int)Hash(_names[i]) & (size - 1);
            while (_slots[slot] != 0)
            {
                if (_names[_slots[slot] - 1].AsSpan().SequenceEqual(_names[i])) break; // a duplicate keeps its first index
                slot = (slot + 1) & (size - 1);
            }
            if (_slots[slot] == 0) _slots[slot] = i + 1;
        }
    }

    /// <summary>The number of names.</summary>
    public int Count => _names.Length;

    /// <summary>The name at <paramref name="index"/>, as text (for error messages).</summary>
    public string this[int index] => Encoding.UTF8.GetString(_names[index]);

    /// <summary>
    /// The index of the property name or string the reader is on; -1 when it is not one of the names (or is not valid
    /// UTF-8 or has an unpaired surrogate escape, which no name has).
    /// </summary>
    public int IndexOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence) return IndexOf(reader.ValueSpan);
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > _maxLength * 6L + 6) return -1; // longer than any known name even fully escaped
        var rented = length > 256 ? ArrayPool<byte>.Shared.Rent((int)length) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[256];
            int written;
            try
            {
                written = reader.CopyString(buffer);
            }
            catch (InvalidOperationException)
            {
                return -1; // invalid UTF-8 or escapes: no known name; skipping it is the reader's rule for unknown names
            }
            return IndexOf(buffer.Slice(0, written));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The index of <paramref name="utf8Name"/> (unescaped UTF-8), or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length > _maxLength) return -1;
        if (_slots is null)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (utf8Name.SequenceEqual(_names[i])) return i;
            }
            return -1;
        }
        var mask = _slots.Length - 1;
        var slot = (int)Hash(utf8Name) & mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0) return -1;
            if (utf8Name.SequenceEqual(_names[entry - 1])) return entry - 1;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>FNV-1a: short keys, no need for more.</summary>
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
