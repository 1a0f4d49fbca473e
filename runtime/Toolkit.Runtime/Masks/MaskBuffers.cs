using System;
using System.Buffers;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// Scratch buffers for decoding: pooled when small (the usual mask), plain arrays when large, so that one huge
/// hostile mask does not leave its buffers held by the shared pool for the life of the process.
/// </summary>
internal static class MaskBuffers
{
    /// <summary>Buffers up to this size come from the pool.</summary>
    public const int MaxPooledBytes = 1024 * 1024;

    public static byte[] Rent(int minimumLength)
        => minimumLength <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(minimumLength) : new byte[minimumLength];

    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledBytes) ArrayPool<byte>.Shared.Return(buffer);
    }
}
