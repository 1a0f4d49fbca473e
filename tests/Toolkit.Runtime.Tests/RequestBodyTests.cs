using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Json;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>The pooled request body: what it holds, when its buffer goes back to the pool, and never before.</summary>
public sealed class RequestBodyTests
{
    [Fact]
    public async Task ARequestWrittenInPiecesArrivesWholeAndGrowsPastItsFirstBuffer()
    {
        var expected = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        using var writer = new PooledBufferWriter(10);
        for (var offset = 0; offset < expected.Length; offset += 333)
        {
            var piece = expected.AsSpan(offset, Math.Min(333, expected.Length - offset));
            piece.CopyTo(writer.GetSpan(piece.Length));
            writer.Advance(piece.Length);
        }
        using var content = writer.ToContent("application/json");
        Assert.Equal("application/json", content.Headers.ContentType!.MediaType);
        Assert.Equal(expected.Length, content.Headers.ContentLength);
        Assert.Equal(expected, await content.ReadAsByteArrayAsync());
        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan()); // the content owns the buffer now
    }

    [Fact]
    public async Task TheGeneratedSerializerWritesTheSameBytesIntoThePooledBody()
    {
        var request = new ImageSegmentationRequest { Inputs = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray(), Parameters = new ImageSegmentationParameters { Threshold = 0.5 } };
        using var writer = new PooledBufferWriter(64);
        ImageSegmentationSerializer.SerializeRequest(writer, request);
        using var content = writer.ToContent("application/json");
        Assert.Equal(ImageSegmentationSerializer.SerializeRequest(request), await content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void ASynchronousSendWritesTheBodyToo()
    {
        using var writer = new PooledBufferWriter(16);
        "{\"a\":1}"u8.CopyTo(writer.GetSpan(7));
        writer.Advance(7);
        using var content = writer.ToContent("application/json");
        using var sink = new MemoryStream();
        content.CopyTo(sink, null, CancellationToken.None); // HttpClient.Send takes this path
        Assert.Equal("{\"a\":1}"u8.ToArray(), sink.ToArray());
    }

    [Fact]
    public async Task AfterDisposalTheContentCannotBeRead()
    {
        using var writer = new PooledBufferWriter(16);
        writer.GetSpan(3)[..3].Fill(42);
        writer.Advance(3);
        var content = writer.ToContent("application/json");
        content.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DisposingWhileASendIsReadingKeepsTheBufferUntilTheSendEnds()
    {
        // HTTP/2 can still be sending a body when the response has come and the request is disposed. If the buffer went
        // back to the pool then, the next rent on this thread would get it and overwrite the body being sent.
        const int Size = 300_000;
        using var writer = new PooledBufferWriter(Size);
        writer.GetSpan(Size)[..Size].Fill(0xAB);
        writer.Advance(Size);
        var content = writer.ToContent("application/octet-stream");
        var sink = new GatedStream();
        var sending = content.CopyToAsync(sink);
        await sink.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        content.Dispose();
        var reused = ArrayPool<byte>.Shared.Rent(Size);
        reused.AsSpan().Clear();
        sink.Open.SetResult();
        await sending.WaitAsync(TimeSpan.FromSeconds(10));
        ArrayPool<byte>.Shared.Return(reused);

        Assert.Equal(Size, sink.Received.Length);
        Assert.All(sink.Received, b => Assert.Equal(0xAB, b));
    }

    [Fact]
    public void GrowingBeyondTheLargestArrayIsATypedError()
    {
        using var writer = new PooledBufferWriter(0);
        writer.Advance(writer.GetSpan(1).Length);
        Assert.Throws<OutOfMemoryException>(() => writer.GetSpan(int.MaxValue));
    }

    /// <summary>A stream whose write waits for a gate, then copies what it was given (as a socket would, later).</summary>
    private sealed class GatedStream : Stream
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public byte[] Received { get; private set; } = Array.Empty<byte>();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Open.Task.WaitAsync(cancellationToken);
            Received = [.. Received, .. buffer.Span];
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
