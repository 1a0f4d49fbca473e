using System;
using System.Numerics;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// A decoded black-and-white mask: <see cref="Width"/> × <see cref="Height"/> pixels, each foreground or background.
/// Decode one with <see cref="EncodedMask.Decode"/> or <see cref="PngMaskDecoder"/>.
/// </summary>
/// <remarks>
/// Stored as bits, one 64-bit word per 64 pixels of a row (rows padded to whole words): a 2048×1536 mask takes
/// at most 384 KiB instead of 3 MiB, and area and IoU are population counts. Rows are kept in bands of at most
/// 8 KiB, and a band without foreground is not kept at all, so a segment costs about the rows it spans.
/// </remarks>
public sealed class Mask : IEquatable<Mask>
{
    private readonly MaskBits _bits;
    private long _area = -1;

    /// <summary>A mask from one byte per pixel, row-major: any non-zero value is foreground.</summary>
    public Mask(int width, int height, ReadOnlySpan<byte> values)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "A mask is at least 1x1.");
        if (values.Length != (long)width * height) throw new ArgumentException($"Expected {(long)width * height} values, got {values.Length}.", nameof(values));
        Width = width;
        Height = height;
        _bits = new MaskBits(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = values.Slice(y * width, width);
            if (row.IndexOfAnyExcept((byte)0) < 0) continue;
            var words = _bits.WritableRow(y);
            for (var x = 0; x < width; x++)
            {
                if (row[x] != 0) words[x >> 6] |= 1UL << (x & 63);
            }
        }
    }

    /// <summary>Takes ownership of bits laid out as described in the remarks.</summary>
    internal Mask(int width, int height, MaskBits bits)
    {
        Width = width;
        Height = height;
        _bits = bits;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    internal static int WordsPerRow(int width) => (width + 63) >> 6;

    /// <summary>True when the pixel at column <paramref name="x"/>, row <paramref name="y"/> is foreground.</summary>
    public bool this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width) throw new ArgumentOutOfRangeException(nameof(x));
            if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y));
            return (_bits.Row(y)[x >> 6] >> (x & 63) & 1) != 0;
        }
    }

    /// <summary>The number of foreground pixels.</summary>
    public long Area
    {
        get
        {
            if (_area < 0)
            {
                long count = 0;
                for (var b = 0; b < _bits.BandCount; b++)
                {
                    foreach (var word in _bits.Band(b)) count += BitOperations.PopCount(word);
                }
                _area = count;
            }
            return _area;
        }
    }

    /// <summary>The box around the foreground; null when the mask is empty.</summary>
    public MaskBounds? BoundingBox
    {
        get
        {
            int minX = Width, minY = -1, maxX = -1, maxY = -1;
            for (var y = 0; y < Height; y++)
            {
                var row = _bits.Row(y);
                var first = row.IndexOfAnyExcept(0UL);
                if (first < 0) continue;
                var last = row.LastIndexOfAnyExcept(0UL);
                if (minY < 0) minY = y;
                maxY = y;
                minX = Math.Min(minX, (first << 6) + BitOperations.TrailingZeroCount(row[first]));
                maxX = Math.Max(maxX, (last << 6) + 63 - BitOperations.LeadingZeroCount(row[last]));
            }
            return maxY < 0 ? null : new MaskBounds(minX, minY, maxX - minX + 1, maxY - minY + 1);
        }
    }

    /// <summary>One byte per pixel, row-major: 255 for foreground, 0 for background.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[(long)Width * Height];
        for (var y = 0; y < Height; y++)
        {
            var words = _bits.Row(y);
            var row = bytes.AsSpan(y * Width, Width);
            for (var w = 0; w < words.Length; w++)
            {
                var word = words[w];
                while (word != 0)
                {
                    row[(w << 6) + BitOperations.TrailingZeroCount(word)] = 255;
                    word &= word - 1;
                }
            }
        }
        return bytes;
    }

    /// <summary>One bit per pixel, row-major, most significant bit first, rows not padded; 1 is foreground.</summary>
    public byte[] ToBitPacked()
    {
        var packed = new byte[((long)Width * Height + 7) / 8];
        long i = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++, i++)
            {
                if (this[x, y]) packed[i >> 3] |= (byte)(0x80 >> (int)(i & 7));
            }
        }
        return packed;
    }

    /// <summary>The inverse of <see cref="ToBitPacked"/>.</summary>
    public static Mask FromBitPacked(ReadOnlySpan<byte> packed, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "A mask is at least 1x1.");
        var count = (long)width * height;
        if (packed.Length != (count + 7) / 8) throw new ArgumentException($"Expected {(count + 7) / 8} bytes for {width}x{height}.", nameof(packed));
        var bits = new MaskBits(width, height);
        long i = 0;
        for (var y = 0; y < height; y++)
        {
            var row = Span<ulong>.Empty; // taken on the row's first foreground pixel: background rows store nothing
            for (var x = 0; x < width; x++, i++)
            {
                if ((packed[(int)(i >> 3)] & (0x80 >> (int)(i & 7))) == 0) continue;
                if (row.IsEmpty) row = bits.WritableRow(y);
                row[x >> 6] |= 1UL << (x & 63);
            }
        }
        return new Mask(width, height, bits);
    }

    /// <summary>Intersection over union with a mask of the same size; 0 when both are empty.</summary>
    public double IoU(Mask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Width != Width || other.Height != Height)
        {
            throw new ArgumentException($"Cannot compare a {Width}x{Height} mask with a {other.Width}x{other.Height} one.", nameof(other));
        }
        long intersection = 0, union = 0;
        // Same size, so the same banding: band b of one is band b of the other; an absent band is background.
        for (var b = 0; b < _bits.BandCount; b++)
        {
            ReadOnlySpan<ulong> x = _bits.Band(b), y = other._bits.Band(b);
            if (x.IsEmpty || y.IsEmpty)
            {
                foreach (var word in x.IsEmpty ? y : x) union += BitOperations.PopCount(word);
                continue;
            }
            for (var i = 0; i < x.Length; i++)
            {
                intersection += BitOperations.PopCount(x[i] & y[i]);
                union += BitOperations.PopCount(x[i] | y[i]);
            }
        }
        return union == 0 ? 0 : (double)intersection / union;
    }

    /// <summary>The mask as COCO run-length encoding (column-major runs, starting with background).</summary>
    public CocoRle ToCocoRle() => CocoRle.Encode(this);

    /// <summary>The mask described by COCO run-length encoding.</summary>
    public static Mask FromCocoRle(CocoRle rle) => CocoRle.Decode(rle);

    /// <summary>The mask as a grey 8-bit PNG (0 and 255).</summary>
    public byte[] ToPng() => PngMaskWriter.Write(ToBytes(), Width, Height);

    /// <inheritdoc />
    public bool Equals(Mask? other)
    {
        if (other is null || other.Width != Width || other.Height != Height) return false;
        for (var b = 0; b < _bits.BandCount; b++)
        {
            ReadOnlySpan<ulong> x = _bits.Band(b), y = other._bits.Band(b);
            var same = x.IsEmpty || y.IsEmpty ? (x.IsEmpty ? y : x).IndexOfAnyExcept(0UL) < 0 : x.SequenceEqual(y);
            if (!same) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Mask);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Width);
        hash.Add(Height);
        // Only bands with foreground, with their index: a stored band of background hashes like an absent one.
        for (var b = 0; b < _bits.BandCount; b++)
        {
            var band = _bits.Band(b);
            if (band.IndexOfAnyExcept(0UL) < 0) continue;
            hash.Add(b);
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(band));
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"Mask {Width}x{Height}, area {Area}";
}
