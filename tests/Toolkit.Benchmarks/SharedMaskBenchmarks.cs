using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using HuggingFace.Inference.ImageSegmentation;
using SkiaSharp;
using StbImageSharp;
using Toolkit.Runtime.Masks;

namespace Toolkit.Benchmarks;

/// <summary>
/// Whole responses from ../shared/bench/masks (masks encoded as the service encodes them: Pillow mode "L", zlib 6,
/// Pillow's adaptive filters, IDAT split at 64 KiB) and the recorded cats response, each checked against
/// checksums.txt, decoded to foreground counts: the floor (base64 + inflate only), SkiaSharp decoding to Gray8 and
/// StbImageSharp to grey (both counted with one vectorised loop), the toolkit one mask after another, and the toolkit
/// with <see cref="MaskBatch"/> on one thread and across cores.
/// </summary>
[MemoryDiagnoser, MedianColumn, Q1Column, Q3Column]
public class SharedMaskBenchmarks
{
    private byte[] _response = Array.Empty<byte>();

    [Params("small", "medium", "large", "huge", "semantic", "recorded-cats")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var root = SharedRoot() ?? throw new InvalidOperationException("../shared is absent beside the repository: the shared mask benchmarks need ../shared/bench/masks.");
        if (Case == "recorded-cats")
        {
            _response = Inputs.Recorded() ?? throw new InvalidOperationException("../shared/recorded/hf-inference/cats-panoptic-7-segments.json is absent.");
            return;
        }
        _response = File.ReadAllBytes(Path.Combine(root, "bench", "masks", Case + ".json"));
        var expected = File.ReadAllLines(Path.Combine(root, "bench", "masks", "checksums.txt"))
            .Select(l => l.Split(' ')).Single(p => p[0] == Case + ".json")[1];
        var counts = ImageSegmentationSerializer.DeserializeResponse(_response).Select(s => s.Mask.Decode().Area).ToList();
        var actual = counts.Sum() + ":" + Fnv1a64(counts);
        if (actual != expected) throw new InvalidOperationException($"{Case}.json does not match checksums.txt: {actual}, expected {expected}.");
        foreach (var (name, method) in new (string, Func<long>)[] { ("SkiaSharp", SkiaSharpGray8), ("StbImageSharp", StbImageSharpGrey), ("parallel", ToolkitParallel), ("one thread", ToolkitBatchOneThread) })
        {
            if (method() != counts.Sum()) throw new InvalidOperationException($"{name} counts {method()} foreground pixels in {Case}, not {counts.Sum()}.");
        }
    }

    [Benchmark(Baseline = true, Description = "floor: base64 + inflate")]
    public long Floor()
    {
        long total = 0;
        var scratch = new byte[1 << 16];
        foreach (var png in MaskPngs())
        {
            using var idat = new MemoryStream();
            for (var at = 8; at < png.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
                if (png.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8)) idat.Write(png, at + 8, length);
                at += 12 + length;
            }
            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int n;
            while ((n = z.Read(scratch)) > 0) total += n;
        }
        return total;
    }

    [Benchmark(Description = "SkiaSharp: decode to Gray8, count")]
    public long SkiaSharpGray8()
    {
        long total = 0;
        foreach (var png in MaskPngs())
        {
            using var codec = SKCodec.Create(new SKMemoryStream(png));
            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Gray8, SKAlphaType.Opaque);
            using var bitmap = new SKBitmap(info);
            if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success || bitmap.ColorType != SKColorType.Gray8) throw new InvalidOperationException("not decoded to Gray8");
            total += CountForeground(bitmap.GetPixelSpan());
        }
        return total;
    }

    [Benchmark(Description = "StbImageSharp: decode to grey, count")]
    public long StbImageSharpGrey()
    {
        long total = 0;
        foreach (var png in MaskPngs()) total += CountForeground(ImageResult.FromMemory(png, ColorComponents.Grey).Data);
        return total;
    }

    [Benchmark(Description = "Toolkit: JSON -> segments -> masks, one by one")]
    public long Toolkit()
    {
        long total = 0;
        foreach (var segment in ImageSegmentationSerializer.DeserializeResponse(_response)) total += segment.Mask.Decode().Area;
        return total;
    }

    /// <summary>
    /// The parallel goal's single-threaded time: the same call on one thread. It keeps every mask until the end, as the
    /// parallel call does, where the one-by-one loop above lets each go before decoding the next (fewer survivors for
    /// the garbage collector to promote).
    /// </summary>
    [Benchmark(Description = "Toolkit: JSON -> segments -> MaskBatch.DecodeAll (1 thread)")]
    public long ToolkitBatchOneThread() => DecodeAll(1);

    [Benchmark(Description = "Toolkit: JSON -> segments -> MaskBatch.DecodeAll (all cores)")]
    public long ToolkitParallel() => DecodeAll(-1);

    private long DecodeAll(int maxDegreeOfParallelism)
    {
        var segments = ImageSegmentationSerializer.DeserializeResponse(_response);
        long total = 0;
        foreach (var mask in MaskBatch.DecodeAll(segments.Select(s => s.Mask).ToArray(), maxDegreeOfParallelism)) total += mask.Area;
        return total;
    }

    /// <summary>The baselines' JSON step: each mask's PNG bytes, base64-decoded straight from the JSON.</summary>
    private IEnumerable<byte[]> MaskPngs()
    {
        using var document = JsonDocument.Parse(_response);
        foreach (var segment in document.RootElement.EnumerateArray()) yield return segment.GetProperty("mask").GetBytesFromBase64();
    }

    /// <summary>Foreground pixels (value &gt; 127), vectorised: the same loop for both decoders that give bytes.</summary>
    private static long CountForeground(ReadOnlySpan<byte> pixels)
    {
        long count = 0;
        var i = 0;
        var threshold = new Vector<byte>(127);
        while (i <= pixels.Length - Vector<byte>.Count)
        {
            // Up to 255 vectors of 0/1 lanes add up in bytes without overflow, then widen once.
            var sums = Vector<byte>.Zero;
            for (var k = 0; k < 255 && i <= pixels.Length - Vector<byte>.Count; k++, i += Vector<byte>.Count)
            {
                sums += Vector.BitwiseAnd(Vector.GreaterThan(new Vector<byte>(pixels.Slice(i)), threshold), Vector<byte>.One);
            }
            Vector.Widen(sums, out var low, out var high);
            count += Vector.Sum(low) + Vector.Sum(high);
        }
        for (; i < pixels.Length; i++) count += pixels[i] > 127 ? 1 : 0;
        return count;
    }

    private static string Fnv1a64(IEnumerable<long> counts)
    {
        var hash = 0xcbf29ce484222325UL;
        Span<byte> bytes = stackalloc byte[8];
        foreach (var c in counts)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, c);
            foreach (var b in bytes)
            {
                hash ^= b;
                hash *= 0x100000001b3UL;
            }
        }
        return hash.ToString("x16");
    }

    internal static string? SharedRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var shared = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        return shared is not null && Directory.Exists(shared) ? shared : null;
    }
}
