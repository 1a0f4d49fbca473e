using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Request content over a pooled buffer (made by <see cref="Json.PooledBufferWriter.ToContent"/>). The buffer goes back to the
/// pool only when the content is disposed and no send is still reading it: with HTTP/2 a request body can still be
/// going out after the response headers came back and the request was disposed.
/// </summary>
internal sealed class PooledContent : HttpContent
{
    private byte[]? _buffer;
    private readonly int _length;
    private int _holders = 1; // the owner, plus one per send in progress
    private int _released;

    internal PooledContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body, for rewriting it before it is sent (<see cref="Streams.StreamRequests"/>): only while its owner holds it.</summary>
    internal ReadOnlySpan<byte> Written => (_buffer ?? throw new ObjectDisposedException(nameof(PooledContent))).AsSpan(0, _length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Acquire();
        try
        {
            await stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Acquire();
        try
        {
            stream.Write(buffer, 0, _length);
        }
        finally
        {
            Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _released, 1) == 0) Release();
        base.Dispose(disposing);
    }

    private byte[] Acquire()
    {
        while (true)
        {
            var holders = Volatile.Read(ref _holders);
            if (holders == 0) throw new ObjectDisposedException(nameof(PooledContent));
            if (Interlocked.CompareExchange(ref _holders, holders + 1, holders) == holders) return _buffer!;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0 && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
