using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Masks;

namespace Toolkit.Benchmarks;

/// <summary>Deterministic responses: N masks of W×H, each a few filled ellipses, encoded like PIL.</summary>
internal static class Inputs
{
    public static byte[] Response(int count, int width, int height)
    {
        var random = new Random(count * 7919 + width);
        var segments = Enumerable.Range(0, count).Select(i => new ImageSegmentationSegment
        {
            Label = "label-" + i,
            Score = Math.Round(random.NextDouble(), 6),
            Mask = EncodedMask.FromPng(PilLikeEncoder.Encode(Shapes(width, height, random), width, height)),
        }).ToList();
        return ImageSegmentationSerializer.SerializeResponse(segments);
    }

    /// <summary>The recorded 200 response bodies in ../shared, when present (cats: 7 masks of 640x420).</summary>
    public static byte[]? Recorded()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var path = dir is null ? null : Path.Combine(dir.FullName, "..", "shared", "recorded", "hf-inference", "cats-panoptic-7-segments.json");
        if (path is null || !File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var text = doc.RootElement.GetProperty("exchanges")[0].GetProperty("response").GetProperty("body").GetProperty("text").GetString()!;
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    private static byte[] Shapes(int width, int height, Random random)
    {
        var pixels = new byte[width * height];
        for (var s = 0; s < 3; s++)
        {
            double cx = random.Next(width), cy = random.Next(height), rx = 10 + random.Next(width / 3), ry = 10 + random.Next(height / 3);
            for (var y = 0; y < height; y++)
            {
                var dy = (y - cy) / ry;
                if (dy * dy > 1) continue;
                var half = rx * Math.Sqrt(1 - dy * dy);
                var from = Math.Max(0, (int)(cx - half));
                var to = Math.Min(width - 1, (int)(cx + half));
                for (var x = from; x <= to; x++) pixels[y * width + x] = 255;
            }
        }
        return pixels;
    }
}
