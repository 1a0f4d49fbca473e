using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Toolkit.Runtime.Transport;
using Toolkit.Tests.Shared;

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
        if (!Declared) return new StreamContent(new ChunkedReadStream(_body, 16 * 1024));
        var content = new StreamContent(new MemoryStream(_body, writable: false));
        content.Headers.ContentLength = _body.Length;
        return content;
    }

    [Benchmark(Baseline = true, Description = "HttpContent.ReadAsByteArrayAsync")]
    public async Task<int> ReadAsByteArray() => (await Content().ReadAsByteArrayAsync()).Length;

    [Benchmark(Description = "Toolkit: ResponseBodies.ReadAsync (bounded)")]
    public async Task<int> Toolkit()
        => (await ResponseBodies.ReadAsync(Content(), 64 << 20, "MaxResponseBytes", HttpStatusCode.OK, CancellationToken.None)).Length;
}
