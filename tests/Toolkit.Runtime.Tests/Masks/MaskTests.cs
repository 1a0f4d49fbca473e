using System;
using System.Linq;
using Toolkit.Runtime.Masks;
using Xunit;

namespace Toolkit.Runtime.Tests.Masks;

/// <summary>The mask API on known shapes.</summary>
public sealed class MaskTests
{
    /// <summary>A 6×4 mask with a 3×2 rectangle at (2, 1).</summary>
    private static Mask Rectangle(int x0 = 2, int y0 = 1, int w = 3, int h = 2, int width = 6, int height = 4)
    {
        var values = new byte[width * height];
        for (var y = y0; y < y0 + h; y++)
        {
            for (var x = x0; x < x0 + w; x++) values[y * width + x] = 1;
        }
        return new Mask(width, height, values);
    }

    [Fact]
    public void AreaBoundsAndPixelAccess()
    {
        var mask = Rectangle();
        Assert.Equal(6, mask.Area);
        Assert.Equal(new MaskBounds(2, 1, 3, 2), mask.BoundingBox);
        Assert.True(mask[2, 1]);
        Assert.False(mask[1, 1]);
        Assert.True(mask[4, 2]);
        Assert.False(mask[5, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => mask[6, 0]);
        Assert.Null(new Mask(3, 3, new byte[9]).BoundingBox);
        Assert.Equal(new byte[] { 0, 255 }, mask.ToBytes().Distinct().OrderBy(b => b));
    }

    [Fact]
    public void IoUOfKnownShapes()
    {
        var a = Rectangle(0, 0, 2, 2);
        var b = Rectangle(1, 0, 2, 2);
        Assert.Equal(2.0 / 6.0, a.IoU(b), 12);
        Assert.Equal(1.0, a.IoU(a));
        Assert.Equal(0.0, a.IoU(Rectangle(4, 2, 2, 2)));
        Assert.Throws<ArgumentException>(() => a.IoU(new Mask(2, 2, new byte[4])));
    }

    [Fact]
    public void BitPackedRoundTrip()
    {
        var mask = Rectangle();
        var packed = mask.ToBitPacked();
        Assert.Equal(3, packed.Length); // 24 pixels
        // Row-major, MSB first: the rectangle is pixels 8, 9, 10 (row 1) and 14, 15, 16 (row 2).
        Assert.Equal(new byte[] { 0, 0b1110_0011, 0b1000_0000 }, packed);
        Assert.Equal(mask, Mask.FromBitPacked(packed, 6, 4));
    }

    [Fact]
    public void CocoRleIsColumnMajorAndStartsWithBackground()
    {
        // 4 rows × 3 columns; column 1 has rows 1..2 set.
        var values = new byte[12];
        values[1 * 3 + 1] = 1;
        values[2 * 3 + 1] = 1;
        var mask = new Mask(3, 4, values);
        var rle = mask.ToCocoRle();
        Assert.Equal((4, 3), (rle.Height, rle.Width));
        Assert.Equal(new[] { 5, 2, 5 }, rle.Counts);
        Assert.Equal(mask, Mask.FromCocoRle(rle));
    }

    [Fact]
    public void CocoRleCompactStringsMatchPycocotools()
    {
        // Vectors computed with a port of pycocotools' rleToString.
        Assert.Equal("34134", new CocoRle(5, 4, new[] { 3, 4, 1, 7, 5 }).ToCompactString());
        Assert.Equal("PeQ3b13nl14", new CocoRle(1, 102060, new[] { 100000, 50, 3, 2000, 7 }).ToCompactString());
        Assert.Equal(new[] { 3, 4, 1, 7, 5 }, CocoRle.FromCompactString("34134", 5, 4).Counts);
        Assert.Equal(new[] { 100000, 50, 3, 2000, 7 }, CocoRle.FromCompactString("PeQ3b13nl14", 1, 102060).Counts);
        Assert.Throws<FormatException>(() => CocoRle.FromCompactString("3~", 5, 4));
        Assert.Throws<ArgumentException>(() => CocoRle.FromCompactString("341", 5, 4));
    }

    [Fact]
    public void RandomMasksRoundTripThroughRleBitsAndPng()
    {
        var random = new Random(5);
        for (var n = 0; n < 50; n++)
        {
            int width = 1 + random.Next(70), height = 1 + random.Next(70);
            var values = new byte[width * height];
            for (var i = 0; i < values.Length; i++) values[i] = (byte)(random.Next(3) == 0 ? 1 : 0);
            var mask = new Mask(width, height, values);
            Assert.Equal(mask, Mask.FromCocoRle(CocoRle.FromCompactString(mask.ToCocoRle().ToCompactString(), height, width)));
            Assert.Equal(mask, Mask.FromBitPacked(mask.ToBitPacked(), width, height));
            Assert.Equal(mask, PngMaskDecoder.Decode(mask.ToPng()));
            Assert.Equal(mask, EncodedMask.FromPng(mask.ToPng()).Decode());
            Assert.Equal(values.Count(v => v != 0), mask.Area);
        }
    }

    /// <summary>
    /// Masks are stored in bands of rows under the large-object threshold: shapes that cross band edges, and a row
    /// wider than a band (a band of its own), read, compare and round-trip like any other.
    /// </summary>
    [Theory]
    [InlineData(2048, 600)] // 32 words a row: 32 rows a band, 19 bands, the last short
    [InlineData(1000, 300)] // 16 words a row: 64 rows a band
    [InlineData(600, 7)] // 10 words a row: 64 rows a band, one band, short
    [InlineData(600_000, 3)] // 9,375 words a row: more than a band holds, one row a band
    public void MasksAcrossBandEdges(int width, int height)
    {
        var random = new Random(width + height);
        var values = new byte[width * height];
        for (var i = 0; i < values.Length; i++) values[i] = (byte)(random.Next(5) == 0 ? 1 : 0);
        // A rectangle across the band edges, its corners known.
        for (var y = 1; y < height - 1; y++) values[y * width + width - 2] = 1;
        values[0] = 1;
        var mask = new Mask(width, height, values);
        Assert.Equal(values.Count(v => v != 0), mask.Area);
        for (var i = 0; i < 2000; i++)
        {
            int x = random.Next(width), y = random.Next(height);
            Assert.Equal(values[y * width + x] != 0, mask[x, y]);
        }
        Assert.Equal(values.Select(v => v != 0 ? (byte)255 : (byte)0), mask.ToBytes());
        Assert.Equal(mask, PngMaskDecoder.Decode(mask.ToPng()));
        Assert.Equal(mask, Mask.FromBitPacked(mask.ToBitPacked(), width, height));
        Assert.Equal(mask.GetHashCode(), PngMaskDecoder.Decode(mask.ToPng()).GetHashCode());
        Assert.Equal(1.0, mask.IoU(PngMaskDecoder.Decode(mask.ToPng())));

        var lastRowChanged = (byte[])values.Clone();
        lastRowChanged[^1] ^= 1;
        var other = new Mask(width, height, lastRowChanged);
        Assert.NotEqual(mask, other);
        Assert.True(mask.IoU(other) < 1.0);
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] == 0) continue;
            (minX, maxX) = (Math.Min(minX, i % width), Math.Max(maxX, i % width));
            (minY, maxY) = (Math.Min(minY, i / width), Math.Max(maxY, i / width));
        }
        Assert.Equal(new MaskBounds(minX, minY, maxX - minX + 1, maxY - minY + 1), mask.BoundingBox);
    }

    /// <summary>
    /// Bands without foreground are not stored: a segment in the middle of a large image compares, hashes, counts
    /// and intersects the same whichever way it was built, and a stored band of background equals an absent one.
    /// </summary>
    [Fact]
    public void BackgroundBandsAreAbsentAndCompareAsBackground()
    {
        const int width = 2048, height = 1536;
        var values = new byte[width * height];
        for (var y = 700; y < 760; y++) values.AsSpan(y * width + 1000, 300).Fill(1);
        var built = new Mask(width, height, values);
        var decoded = PngMaskDecoder.Decode(built.ToPng());
        Assert.Equal(60 * 300, decoded.Area);
        Assert.Equal(built, decoded);
        Assert.Equal(built.GetHashCode(), decoded.GetHashCode());
        Assert.Equal(new MaskBounds(1000, 700, 300, 60), decoded.BoundingBox);
        Assert.False(decoded[999, 700]);
        Assert.True(decoded[1000, 700]);
        Assert.False(decoded[0, 0]);

        // A band written but left background (a writer may ask for a row and set nothing) is still background.
        var bits = new MaskBits(width, height);
        for (var y = 700; y < 760; y++) bits.WritableRow(y)[1000 >> 6] = 0; // nothing set yet
        bits.WritableRow(0);
        for (var y = 700; y < 760; y++)
        {
            for (var x = 1000; x < 1300; x++) bits.WritableRow(y)[x >> 6] |= 1UL << (x & 63);
        }
        var written = new Mask(width, height, bits);
        Assert.Equal(built, written);
        Assert.Equal(built.GetHashCode(), written.GetHashCode());
        Assert.Equal(1.0, written.IoU(decoded));

        var other = new Mask(width, height, new byte[width * height]);
        Assert.Equal(0, other.Area);
        Assert.Null(other.BoundingBox);
        Assert.Equal(0.0, other.IoU(built));
        Assert.NotEqual(built, other);
        Assert.Equal(other, PngMaskDecoder.Decode(other.ToPng()));
    }

    /// <summary>
    /// The general decoding path (any colour type, Adam7) over several bands: RGBA pixels, interlaced and not, decode to
    /// the mask the foreground rule gives pixel by pixel. Interlaced passes add pixels to rows in bands already stored.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RgbaImagesAcrossBandsDecodeByTheForegroundRule(bool interlaced)
    {
        const int width = 300, height = 400; // 5 words a row: 128 rows a band, four bands
        var random = new Random(interlaced ? 1 : 2);
        var rgba = new byte[width * height * 4];
        var expected = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Background above row 140 and below row 300 (whole bands absent), noise and edges between.
                var inside = y is >= 140 and < 300 && (x + y) % 7 != 0;
                var i = y * width + x;
                rgba[4 * i] = (byte)(inside ? 200 + random.Next(56) : random.Next(40));
                rgba[4 * i + 1] = (byte)(inside ? 180 + random.Next(76) : random.Next(40));
                rgba[4 * i + 2] = (byte)random.Next(256);
                rgba[4 * i + 3] = (byte)(inside ? 255 : random.Next(256));
                expected[i] = (byte)(PngMaskDecoder.IsForeground(rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) ? 1 : 0);
            }
        }
        var mask = PngMaskDecoder.Decode(RgbaPng(rgba, width, height, interlaced));
        Assert.Equal(new Mask(width, height, expected), mask);
        Assert.Equal(expected.Count(v => v != 0), mask.Area);
        Assert.Equal(1.0, mask.IoU(Mask.FromBitPacked(mask.ToBitPacked(), width, height)));
    }

    /// <summary>An 8-bit RGBA PNG, every row filter None, Adam7 when asked: written here, independently of the runtime.</summary>
    private static byte[] RgbaPng(byte[] rgba, int width, int height, bool interlaced)
    {
        var passes = interlaced
            ? new[] { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) }
            : new[] { (0, 0, 1, 1) };
        var raw = new System.IO.MemoryStream();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            for (var y = y0; y < height; y += dy)
            {
                if (x0 >= width) break;
                raw.WriteByte(0);
                for (var x = x0; x < width; x += dx) raw.Write(rgba, 4 * (y * width + x), 4);
            }
        }
        var compressed = new System.IO.MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(z);
        var png = new System.IO.MemoryStream();
        png.Write(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 });
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 6;
        header[12] = (byte)(interlaced ? 1 : 0);
        foreach (var (type, body) in new[] { ("IHDR", header), ("IDAT", compressed.ToArray()), ("IEND", Array.Empty<byte>()) })
        {
            var chunk = new byte[12 + body.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
            System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
            body.CopyTo(chunk, 8);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), TestCrc32.Compute(chunk.AsSpan(4, 4 + body.Length)));
            png.Write(chunk);
        }
        return png.ToArray();
    }
}
