using System;
using System.Collections.Generic;
using System.Linq;
using SegmentationStandIn.Contract;

namespace SegmentationStandIn;

/// <summary>One segment the stand-in found: label, score (null for semantic) and a 0/255 mask.</summary>
public sealed record FoundSegment(string Label, double? Score, byte[] Mask);

/// <summary>
/// A classical stand-in for a segmentation model, NOT a neural network: colours are quantised, and connected
/// regions of one colour become segments named by colour ("red-1"). Scores say how large and uniform a region
/// is, so that <c>threshold</c> has something real to filter on.
/// </summary>
public static class ColourSegmenter
{
    private static readonly (string Name, int R, int G, int B)[] Palette =
    {
        ("black", 20, 20, 20), ("grey", 128, 128, 128), ("white", 240, 240, 240), ("red", 220, 40, 40),
        ("orange", 240, 140, 30), ("yellow", 240, 210, 40), ("green", 40, 150, 60), ("cyan", 60, 200, 220),
        ("sky", 150, 200, 235), ("blue", 30, 50, 150), ("purple", 130, 50, 160), ("pink", 240, 150, 190), ("brown", 120, 80, 40),
    };

    /// <summary>Segments an RGB image (3 bytes per pixel, row-major).</summary>
    public static IReadOnlyList<FoundSegment> Segment(byte[] rgb, int width, int height, ImageSegmentationParameters? parameters)
    {
        var subtask = parameters?.Subtask ?? ImageSegmentationSubtask.Panoptic;
        var threshold = parameters?.Threshold ?? 0.9;
        var maskThreshold = parameters?.MaskThreshold ?? 0.5;
        var count = width * height;

        var colour = new byte[count];
        for (var i = 0; i < count; i++) colour[i] = Nearest(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);

        if (subtask == ImageSegmentationSubtask.Semantic)
        {
            // One segment per colour class; the semantic subtask has no scores.
            return colour.Distinct().OrderBy(c => c).Select(c =>
            {
                var mask = new byte[count];
                for (var i = 0; i < count; i++) mask[i] = colour[i] == c ? (byte)255 : (byte)0;
                return new FoundSegment(Palette[c].Name, null, mask);
            }).ToList();
        }

        var regions = Components(colour, width, height);
        var largest = regions.Max(r => r.Pixels.Count);
        var result = new List<FoundSegment>();
        var perColour = new Dictionary<string, int>();
        var leftover = new byte[count];
        foreach (var region in regions.OrderByDescending(r => r.Pixels.Count))
        {
            var score = Math.Round(0.9 + 0.1 * Math.Sqrt((double)region.Pixels.Count / largest), 6);
            var tooSmall = region.Pixels.Count < count / 200;
            if (tooSmall || score < threshold)
            {
                foreach (var p in region.Pixels) leftover[p] = 255;
                continue;
            }
            var name = Palette[region.Colour].Name;
            perColour[name] = perColour.TryGetValue(name, out var n) ? n + 1 : 1;
            var mask = new byte[count];
            var (mr, mg, mb) = Mean(rgb, region.Pixels);
            foreach (var p in region.Pixels)
            {
                // A soft membership from colour distance, cut at mask_threshold as a model's mask would be.
                var distance = Math.Sqrt(Sq(rgb[3 * p] - mr) + Sq(rgb[3 * p + 1] - mg) + Sq(rgb[3 * p + 2] - mb)) / 441.7;
                if (1 - distance >= maskThreshold) mask[p] = 255;
                else leftover[p] = 255;
            }
            result.Add(new FoundSegment($"{name}-{perColour[name]}", score, mask));
        }
        if (subtask == ImageSegmentationSubtask.Panoptic && leftover.Any(v => v != 0))
        {
            // Panoptic covers the whole image: what no region claimed is one background segment.
            result.Add(new FoundSegment("unlabelled", 0.5, leftover));
        }
        return result;
    }

    private static byte Nearest(byte r, byte g, byte b)
    {
        var best = 0;
        var bestDistance = int.MaxValue;
        for (var i = 0; i < Palette.Length; i++)
        {
            var d = Sq(r - Palette[i].R) + Sq(g - Palette[i].G) + Sq(b - Palette[i].B);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        }
        return (byte)best;
    }

    private static List<(byte Colour, List<int> Pixels)> Components(byte[] colour, int width, int height)
    {
        var seen = new bool[colour.Length];
        var result = new List<(byte, List<int>)>();
        var stack = new Stack<int>();
        for (var start = 0; start < colour.Length; start++)
        {
            if (seen[start]) continue;
            var pixels = new List<int>();
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                pixels.Add(p);
                int x = p % width, y = p / width;
                void Visit(int q)
                {
                    if (!seen[q] && colour[q] == colour[start])
                    {
                        seen[q] = true;
                        stack.Push(q);
                    }
                }
                if (x > 0) Visit(p - 1);
                if (x < width - 1) Visit(p + 1);
                if (y > 0) Visit(p - width);
                if (y < height - 1) Visit(p + width);
            }
            result.Add((colour[start], pixels));
        }
        return result;
    }

    private static (double, double, double) Mean(byte[] rgb, List<int> pixels)
    {
        double r = 0, g = 0, b = 0;
        foreach (var p in pixels)
        {
            r += rgb[3 * p];
            g += rgb[3 * p + 1];
            b += rgb[3 * p + 2];
        }
        return (r / pixels.Count, g / pixels.Count, b / pixels.Count);
    }

    private static int Sq(int v) => v * v;

    private static double Sq(double v) => v * v;
}
