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
using Toolkit.Tests.Shared;
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
        var body = await Read(new StreamContent(new ChunkedReadStream(expected, 4_000)) { Headers = { ContentLength = size } });
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
        var body = await Read(new StreamContent(new ChunkedReadStream(expected, 4_000)));
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
        var body = await Read(new StreamContent(new ChunkedReadStream(expected, 4_000)) { Headers = { ContentLength = expected.Length } });
        Assert.Equal(expected, body.ToArray());
    }

    [Fact]
    public async Task ABodyLongerThanItsHeaderIsReadOnAndStillBounded()
    {
        var expected = Bytes(5_000);
        var lying = new StreamContent(new ChunkedReadStream(expected, 4_000)) { Headers = { ContentLength = 1_000 } };
        Assert.Equal(expected, (await Read(lying)).ToArray());

        var tooLong = new StreamContent(new ChunkedReadStream(expected, 4_000)) { Headers = { ContentLength = 1_000 } };
        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => Read(tooLong, maxBytes: 4_000));
        Assert.Equal(4_000, error.MaxBytes);
    }

    /// <summary>
    /// A body that ends before its declared length was cut short (SocketsHttpHandler says so itself; a handler that does
    /// not hold the server to its header ends it quietly): a typed error saying how much came, never a short body read
    /// as if whole. Both sides of the 1 MiB line where the reader switches from one array to pooled buffers.
    /// </summary>
    [Theory]
    [InlineData(700, 1_000)]
    [InlineData(1_500_000, 2_000_000)]
    public async Task ABodyShorterThanItsHeaderIsACutBody(int sent, long declared)
    {
        var content = new StreamContent(new ChunkedReadStream(Bytes(sent), 4_000)) { Headers = { ContentLength = declared } };
        var error = await Assert.ThrowsAsync<ApiConnectionException>(() => Read(content));
        Assert.Equal(sent, error.BytesReceived);
        Assert.Equal(declared, error.DeclaredLength);
        Assert.Contains($"after {sent} of the {declared} bytes", error.Message);
    }

    [Fact]
    public async Task AnUndeclaredBodyOverTheLimitStopsAtTheLimit()
    {
        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => Read(new StreamContent(new ChunkedReadStream(Bytes(70_000), 4_000)), maxBytes: 50_000));
        Assert.Null(error.DeclaredLength);
    }
}
