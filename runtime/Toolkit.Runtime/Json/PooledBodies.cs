using System;
using System.Buffers;

namespace Toolkit.Runtime.Json;

/// <summary>
/// Whether a whole body read into a rented buffer may go back to the pool once its reader returned. The transport makes
/// the buffer current around the (synchronous) read; a generated JSON reader says it read it (<see cref="JsonReading.Start"/>
/// over it), and a value that keeps a slice of it (an encoded mask) says so (<see cref="JsonReading.GetMask"/>). The
/// buffer is returned only when a generated reader read it and nothing kept a slice: a reader that hands the body on
/// (raw bytes) or any other reader never calls <see cref="JsonReading.Start"/> on it, so its buffer is simply left to
/// the garbage collector, as an unpooled body would be.
/// </summary>
internal static class PooledBodies
{
    private const int Read = 1;
    private const int Kept = 2;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_state;

    /// <summary>Makes <paramref name="buffer"/> the current body; returns what was current, for <see cref="Exit"/>.</summary>
    internal static (byte[]? Buffer, int State) Enter(byte[] buffer)
    {
        var outer = (t_buffer, t_state);
        t_buffer = buffer;
        t_state = 0;
        return outer;
    }

    /// <summary>Ends the read of the current body: true when it may go back to the pool.</summary>
    internal static bool Exit((byte[]? Buffer, int State) outer)
    {
        var release = t_state == Read;
        (t_buffer, t_state) = outer;
        return release;
    }

    /// <summary>A generated reader starts on <paramref name="utf8"/>: the current body, when it lies in it.</summary>
    internal static void Started(ReadOnlySpan<byte> utf8)
    {
        if (t_buffer is { } buffer && t_state == 0 && utf8.Overlaps(buffer)) t_state = Read;
    }

    /// <summary>A value keeps a slice of <paramref name="source"/>: the current body, when it lies in it, stays out of the pool.</summary>
    internal static void Keep(ReadOnlyMemory<byte> source)
    {
        if (t_buffer is { } buffer && source.Span.Overlaps(buffer)) t_state = Kept;
    }

    /// <summary>Returns <paramref name="body"/>'s rented array to the pool (an empty body has none).</summary>
    internal static void Return(ReadOnlyMemory<byte> body)
    {
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is { Length: > 0 } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
