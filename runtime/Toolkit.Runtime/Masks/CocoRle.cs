using System;
using System.Collections.Generic;
using System.Text;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// COCO run-length encoding, the format segmentation tools exchange (pycocotools' <c>{"size": [h, w], "counts": ...}</c>):
/// runs over the pixels in column-major order, alternating background and foreground, starting with background.
/// <see cref="ToCompactString"/> gives the compressed string form of <c>counts</c>.
/// </summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Counts">Run lengths; they add up to Height × Width.</param>
public sealed record CocoRle(int Height, int Width, IReadOnlyList<int> Counts)
{
    internal static CocoRle Encode(Mask mask)
    {
        var counts = new List<int>();
        var current = false;
        var run = 0;
        for (var x = 0; x < mask.Width; x++)
        {
            for (var y = 0; y < mask.Height; y++)
            {
                var value = mask[x, y];
                if (value != current)
                {
                    counts.Add(run);
                    run = 0;
                    current = value;
                }
                run++;
            }
        }
        counts.Add(run);
        return new CocoRle(mask.Height, mask.Width, counts);
    }

    internal static Mask Decode(CocoRle rle)
    {
        ArgumentNullException.ThrowIfNull(rle);
        if (rle.Width <= 0 || rle.Height <= 0) throw new ArgumentException("An RLE mask is at least 1x1.", nameof(rle));
        long total = 0;
        foreach (var c in rle.Counts)
        {
            if (c < 0) throw new ArgumentException("RLE counts cannot be negative.", nameof(rle));
            total += c;
        }
        if (total != (long)rle.Width * rle.Height) throw new ArgumentException($"RLE counts add up to {total}, not {(long)rle.Width * rle.Height}.", nameof(rle));
        var pixels = new byte[(long)rle.Width * rle.Height];
        // Built as bytes, then packed by the public constructor: RLE is an exchange format, not a hot path.
        long index = 0;
        var foreground = false;
        foreach (var count in rle.Counts)
        {
            for (var i = 0; i < count; i++, index++)
            {
                if (!foreground) continue;
                var x = index / rle.Height;
                var y = index % rle.Height;
                pixels[y * rle.Width + x] = 255;
            }
            foreground = !foreground;
        }
        return new Mask(rle.Width, rle.Height, pixels);
    }

    /// <summary>The compressed string form of the counts (pycocotools' <c>rleToString</c>).</summary>
    public string ToCompactString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Counts.Count; i++)
        {
            long x = Counts[i];
            if (i > 2) x -= Counts[i - 2];
            var more = true;
            while (more)
            {
                var c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                sb.Append((char)(c + 48));
            }
        }
        return sb.ToString();
    }

    /// <summary>Parses the compressed string form of the counts (pycocotools' <c>rleFrString</c>).</summary>
    public static CocoRle FromCompactString(string counts, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var result = new List<int>();
        var p = 0;
        while (p < counts.Length)
        {
            long x = 0;
            var k = 0;
            var more = true;
            while (more)
            {
                if (p >= counts.Length) throw new FormatException("The RLE string ends inside a count.");
                var c = counts[p] - 48;
                if (c < 0 || c > 63) throw new FormatException($"Invalid character '{counts[p]}' in an RLE string.");
                if (k > 6) throw new FormatException("An RLE count is too long.");
                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }
            if (result.Count > 2) x += result[^2];
            if (x < 0 || x > int.MaxValue) throw new FormatException("An RLE count is out of range.");
            result.Add((int)x);
        }
        var rle = new CocoRle(height, width, result);
        Decode(rle); // validates the counts against the size
        return rle;
    }
}
