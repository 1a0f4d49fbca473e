using System;
using System.Buffers;
using System.ComponentModel;
using System.Net.Http;
using System.Net.Http.Headers;
using Toolkit.Runtime.Transport;

namespace Toolkit.Runtime.Json;

/// <summary>
/// Where generated code writes JSON: one buffer rented from the shared pool (grown by renting a larger one). A client
/// sizes it in advance from a request's binary fields and hands it to the request as content without a copy
/// (<see cref="ToContent"/>); the <c>byte[]</c> serializers copy out only what was written. An image request of a few
/// megabytes would otherwise allocate a new large-object-heap array per call, and the cost of such a body is then
/// committing and zeroing fresh memory, not encoding it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[]? _buffer;
    private int _written;

    /// <summary>A writer over a pooled buffer of at least <paramref name="capacity"/> bytes.</summary>
    public PooledBufferWriter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => Buffer.AsSpan(0, _written);

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Buffer.Length - _written) throw new InvalidOperationException("Advanced past the end of the buffer.");
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_written);

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_written);

    /// <summary>
    /// The body as request content with <paramref name="mediaType"/>; the content owns the buffer from now on and returns
    /// it to the pool when disposed and no send is reading it.
    /// </summary>
    public HttpContent ToContent(string mediaType)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        var content = new PooledContent(Buffer, _written);
        _buffer = null;
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>Returns the buffer to the pool unless <see cref="ToContent"/> took it; what was written is gone.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferWriter));

    /// <summary>The buffer, grown (by renting a larger one) until <paramref name="sizeHint"/> bytes fit after those written.</summary>
    private byte[] Reserve(int sizeHint)
    {
        var buffer = Buffer;
        sizeHint = Math.Max(sizeHint, 1);
        if (sizeHint <= buffer.Length - _written) return buffer;
        var needed = (long)_written + sizeHint;
        if (needed > Array.MaxLength) throw new OutOfMemoryException($"JSON output cannot exceed {Array.MaxLength} bytes.");
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * buffer.Length)));
        buffer.AsSpan(0, _written).CopyTo(grown);
        _buffer = grown;
        ArrayPool<byte>.Shared.Return(buffer);
        return grown;
    }
}
