using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Toolkit.Runtime.Transport;

namespace Toolkit.Benchmarks;

/// <summary>
/// A response body read whole, as the client reads it before the generated reader: with a Content-Length and without
/// one (chunked), against <see cref="HttpContent.ReadAsByteArrayAsync()"/>, what a .NET engineer would call. The body is
/// the huge shared mask response (281 KB) when ../shared is present, else a synthetic one of that size.
/// </summary>
[MemoryDiagnoser]
public class ResponseBodyBenchmarks
{
    private byte[] _body = Array.Empty<byte>();

    [Params(true, false)]
    public bool Declared { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = SharedMaskBenchmarks.SharedRoot() is { } root ? Path.Combine(root, "bench", "masks", "huge.json") : null;
        _body = path is not null && File.Exists(path) ? File.ReadAllBytes(path) : new byte[281_006];
    }

    private HttpContent Content()
    {
        // Chunked answers have no length; a declared one is what the service usually sends.
        if (!Declared) return new StreamContent(new NoLengthStream(_body));
        var content = new StreamContent(new MemoryStream(_body, writable: false));
        content.Headers.ContentLength = _body.Length;
        return content;
    }

    [Benchmark(Baseline = true, Description = "HttpContent.ReadAsByteArrayAsync")]
    public async Task<int> ReadAsByteArray() => (await Content().ReadAsByteArrayAsync()).Length;

    [Benchmark(Description = "Toolkit: ResponseBodies.ReadAsync (bounded)")]
    public async Task<int> Toolkit()
        => (await ResponseBodies.ReadAsync(Content(), 64 << 20, "MaxResponseBytes", HttpStatusCode.OK, CancellationToken.None)).Length;

    /// <summary>A stream without a length, read 16 KB at a time like a socket.</summary>
    private sealed class NoLengthStream(byte[] data) : Stream
    {
        private int _position;
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, 16 * 1024), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
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
