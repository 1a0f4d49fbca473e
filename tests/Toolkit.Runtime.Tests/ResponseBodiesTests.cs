using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Transport;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>The one body reader: one array of the declared size when there is one, an exact copy otherwise, bounded.</summary>
public sealed class ResponseBodiesTests
{
    private static byte[] Bytes(int n) => Enumerable.Range(0, n).Select(i => (byte)(i * 31)).ToArray();

    private static Task<ReadOnlyMemory<byte>> Read(HttpContent content, long maxBytes = 64 << 20)
        => ResponseBodies.ReadAsync(content, maxBytes, "MaxResponseBytes", HttpStatusCode.OK, CancellationToken.None);

    [Theory]
    [InlineData(1)]
    [InlineData(83_146)]
    [InlineData(1024 * 1024)]
    public async Task ADeclaredLengthIsReadIntoOneArrayOfThatSizeAndNotCopied(int size)
    {
        var expected = Bytes(size);
        var body = await Read(new StreamContent(new TrickleStream(expected)) { Headers = { ContentLength = size } });
        Assert.True(MemoryMarshal.TryGetArray(body, out var segment));
        Assert.Equal(0, segment.Offset);
        Assert.Equal(size, segment.Array!.Length);
        Assert.Equal(expected, body.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(300_000)]
    [InlineData(3 * 1024 * 1024 + 7)]
    public async Task AnUndeclaredLengthEndsInAnArrayOfExactlyTheBody(int size)
    {
        var expected = Bytes(size);
        var body = await Read(new StreamContent(new TrickleStream(expected)));
        Assert.Equal(expected, body.ToArray());
        if (size > 0)
        {
            Assert.True(MemoryMarshal.TryGetArray(body, out var segment));
            Assert.Equal(size, segment.Array!.Length);
        }
    }

    [Fact]
    public async Task ALargeDeclaredLengthIsNotAllocatedUpFrontButTheWholeBodyArrives()
    {
        var expected = Bytes(2 * 1024 * 1024 + 3);
        var body = await Read(new StreamContent(new TrickleStream(expected)) { Headers = { ContentLength = expected.Length } });
        Assert.Equal(expected, body.ToArray());
    }

    [Fact]
    public async Task ABodyLongerThanItsHeaderIsReadOnAndStillBounded()
    {
        var expected = Bytes(5_000);
        var lying = new StreamContent(new TrickleStream(expected)) { Headers = { ContentLength = 1_000 } };
        Assert.Equal(expected, (await Read(lying)).ToArray());

        var tooLong = new StreamContent(new TrickleStream(expected)) { Headers = { ContentLength = 1_000 } };
        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => Read(tooLong, maxBytes: 4_000));
        Assert.Equal(4_000, error.MaxBytes);
    }

    [Fact]
    public async Task ABodyShorterThanItsHeaderIsWhatCame()
    {
        var expected = Bytes(700);
        var body = await Read(new StreamContent(new TrickleStream(expected)) { Headers = { ContentLength = 1_000 } });
        Assert.Equal(expected, body.ToArray());
    }

    [Fact]
    public async Task AnUndeclaredBodyOverTheLimitStopsAtTheLimit()
    {
        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => Read(new StreamContent(new TrickleStream(Bytes(70_000))), maxBytes: 50_000));
        Assert.Null(error.DeclaredLength);
    }

    /// <summary>A non-seekable stream that hands out at most 4,000 bytes per read, as a socket does.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, 4_000), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
