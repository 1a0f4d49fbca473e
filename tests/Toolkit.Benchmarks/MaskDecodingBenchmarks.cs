using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using HuggingFace.Inference.ImageSegmentation;
using SkiaSharp;
using StbImageSharp;

namespace Toolkit.Benchmarks;

/// <summary>
/// A whole response, JSON to decoded 0/255 masks, four ways in one run. The floor (baseline) only base64-decodes
/// and inflates each mask: no JSON model, no unfiltering, no thresholding.
/// </summary>
[MemoryDiagnoser]
public class MaskDecodingBenchmarks
{
    private byte[] _response = Array.Empty<byte>();
    private string[] _base64 = Array.Empty<string>();

    [Params("5x320x240", "12x640x480", "25x1024x1024", "40x2048x1536", "recorded-cats-7x640x420")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _response = Case switch
        {
            "recorded-cats-7x640x420" => Inputs.Recorded() ?? Inputs.Response(7, 640, 420),
            _ => Parse(Case),
        };
        using var doc = JsonDocument.Parse(_response);
        var list = new List<string>();
        foreach (var e in doc.RootElement.EnumerateArray()) list.Add(e.GetProperty("mask").GetString()!);
        _base64 = list.ToArray();
    }

    private static byte[] Parse(string c)
    {
        var parts = c.Split('x');
        return Inputs.Response(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
    }

    [Benchmark(Baseline = true, Description = "floor: base64 + inflate")]
    public long Floor()
    {
        long total = 0;
        var scratch = new byte[1 << 16];
        foreach (var b64 in _base64)
        {
            var png = Convert.FromBase64String(b64);
            // Skip signature and IHDR (8 + 25 bytes); one IDAT as the service sends.
            var idatLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
            using var z = new ZLibStream(new MemoryStream(png, 41, idatLength), CompressionMode.Decompress);
            int n;
            while ((n = z.Read(scratch)) > 0) total += n;
        }
        return total;
    }

    [Benchmark(Description = "Toolkit: JSON -> segments -> masks")]
    public long Toolkit()
    {
        long area = 0;
        foreach (var segment in ImageSegmentationSerializer.DeserializeResponse(_response))
        {
            area += segment.Mask.Decode().Width;
        }
        return area;
    }

    [Benchmark(Description = "STJ reflection + SkiaSharp")]
    public long SkiaSharp()
    {
        long total = 0;
        foreach (var segment in JsonSerializer.Deserialize<List<SegmentDto>>(_response)!)
        {
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(segment.Mask));
            var pixels = bitmap.GetPixelSpan();
            var mask = new byte[bitmap.Width * bitmap.Height];
            var bpp = bitmap.BytesPerPixel;
            for (var i = 0; i < mask.Length; i++) mask[i] = pixels[i * bpp] > 127 ? (byte)255 : (byte)0;
            total += mask.Length;
        }
        return total;
    }

    [Benchmark(Description = "STJ reflection + StbImageSharp")]
    public long Stb()
    {
        long total = 0;
        foreach (var segment in JsonSerializer.Deserialize<List<SegmentDto>>(_response)!)
        {
            var image = ImageResult.FromMemory(Convert.FromBase64String(segment.Mask), ColorComponents.Grey);
            var mask = new byte[image.Width * image.Height];
            for (var i = 0; i < mask.Length; i++) mask[i] = image.Data[i] > 127 ? (byte)255 : (byte)0;
            total += mask.Length;
        }
        return total;
    }

    /// <summary>What a .NET user would write with System.Text.Json's reflection serializer.</summary>
    public sealed class SegmentDto
    {
        [JsonPropertyName("label")] public string Label { get; set; } = "";
        [JsonPropertyName("score")] public double? Score { get; set; }
        [JsonPropertyName("mask")] public string Mask { get; set; } = "";
    }
}
