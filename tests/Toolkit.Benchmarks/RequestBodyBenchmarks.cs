using System;
using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Json;

namespace Toolkit.Benchmarks;

/// <summary>
/// An image to its JSON request body (base64 <c>inputs</c> and <c>parameters</c>): the generated writer against the floor,
/// base64 into a buffer sized in advance (what any JSON body must at least cost), new per call (what a body that is not pooled costs) and
/// kept between calls (the encoding alone).
/// </summary>
[MemoryDiagnoser]
public class RequestBodyBenchmarks
{
    private byte[] _image = Array.Empty<byte>();
    private ImageSegmentationRequest _request = null!;
    private byte[]? _reused;

    [Params(256 * 1024, 4 * 1024 * 1024)]
    public int ImageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = new byte[ImageBytes];
        new Random(ImageBytes).NextBytes(_image); // compressed image data looks random
        _request = new ImageSegmentationRequest { Inputs = _image, Parameters = new ImageSegmentationParameters { Threshold = 0.9 } };
    }

    [Benchmark(Baseline = true, Description = "floor: Base64.EncodeToUtf8 into a pre-sized buffer")]
    public int Floor()
    {
        var buffer = new byte[Base64.GetMaxEncodedToUtf8Length(_image.Length)];
        Base64.EncodeToUtf8(_image, buffer, out _, out var written);
        return written;
    }

    [Benchmark(Description = "floor, reused: Base64.EncodeToUtf8 into one buffer kept between calls")]
    public int FloorReused()
    {
        _reused ??= new byte[Base64.GetMaxEncodedToUtf8Length(_image.Length)];
        Base64.EncodeToUtf8(_image, _reused, out _, out var written);
        return written;
    }

    [Benchmark(Description = "Toolkit: the client's body (pooled writer, sent without a copy, returned on dispose)")]
    public long Toolkit()
    {
        // What the generated CreateRequest does; the transport disposes the request, and with it the content.
        using var body = new PooledBufferWriter((int)Math.Min(Array.MaxLength, 260L + (long)_request.Inputs.Length / 3 * 4));
        ImageSegmentationSerializer.SerializeRequest(body, _request);
        using var content = body.ToContent("application/json");
        return content.Headers.ContentLength!.Value;
    }

    [Benchmark(Description = "Toolkit: SerializeRequest(request) to a byte[]")]
    public int ToArray() => ImageSegmentationSerializer.SerializeRequest(_request).Length;
}
