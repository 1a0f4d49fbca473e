using System;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// A decoded black-and-white mask: <see cref="Width"/> × <see cref="Height"/> pixels, each foreground (255) or
/// background (0), row-major. Decode one with <see cref="EncodedMask.Decode"/> or <see cref="PngMaskDecoder"/>.
/// </summary>
public sealed class Mask : IEquatable<Mask>
{
    private readonly byte[] _pixels;
    private long _area = -1;

    /// <summary>A mask from one byte per pixel, row-major: any non-zero value is foreground.</summary>
    public Mask(int width, int height, ReadOnlySpan<byte> values)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "A mask is at least 1x1.");
        if (values.Length != (long)width * height) throw new ArgumentException($"Expected {(long)width * height} values, got {values.Length}.", nameof(values));
        Width = width;
        Height = height;
        _pixels = new byte[values.Length];
        for (var i = 0; i < values.Length; i++) _pixels[i] = values[i] != 0 ? (byte)255 : (byte)0;
    }

    /// <summary>Takes ownership of pixels that are already 0/255.</summary>
    internal Mask(int width, int height, byte[] pixels, bool trusted)
    {
        _ = trusted;
        Width = width;
        Height = height;
        _pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major, 0 (background) or 255 (foreground).</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>True when the pixel at column <paramref name="x"/>, row <paramref name="y"/> is foreground.</summary>
    public bool this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(x >= 0 && x < Width ? nameof(y) : nameof(x));
            return _pixels[(long)y * Width + x] != 0;
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
                foreach (var p in _pixels) count += p & 1;
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
            int minX = Width, minY = Height, maxX = -1, maxY = -1;
            for (var y = 0; y < Height; y++)
            {
                var row = _pixels.AsSpan(y * Width, Width);
                var first = row.IndexOf((byte)255);
                if (first < 0) continue;
                var last = row.LastIndexOf((byte)255);
                if (y < minY) minY = y;
                maxY = y;
                if (first < minX) minX = first;
                if (last > maxX) maxX = last;
            }
            return maxY < 0 ? null : new MaskBounds(minX, minY, maxX - minX + 1, maxY - minY + 1);
        }
    }

    /// <summary>A copy of the pixels, 0 or 255, row-major.</summary>
    public byte[] ToBytes() => (byte[])_pixels.Clone();

    /// <summary>One bit per pixel, row-major, most significant bit first, rows not padded; 1 is foreground.</summary>
    public byte[] ToBitPacked()
    {
        var packed = new byte[(_pixels.Length + 7) / 8];
        for (var i = 0; i < _pixels.Length; i++)
        {
            if (_pixels[i] != 0) packed[i >> 3] |= (byte)(0x80 >> (i & 7));
        }
        return packed;
    }

    /// <summary>The inverse of <see cref="ToBitPacked"/>.</summary>
    public static Mask FromBitPacked(ReadOnlySpan<byte> packed, int width, int height)
    {
        var count = (long)width * height;
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "A mask is at least 1x1.");
        if (packed.Length != (count + 7) / 8) throw new ArgumentException($"Expected {(count + 7) / 8} bytes for {width}x{height}.", nameof(packed));
        var pixels = new byte[count];
        for (var i = 0; i < count; i++) pixels[i] = (packed[(int)(i >> 3)] & (0x80 >> (int)(i & 7))) != 0 ? (byte)255 : (byte)0;
        return new Mask(width, height, pixels, trusted: true);
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
        var a = _pixels;
        var b = other._pixels;
        for (var i = 0; i < a.Length; i++)
        {
            intersection += a[i] & b[i] & 1;
            union += (a[i] | b[i]) & 1;
        }
        return union == 0 ? 0 : (double)intersection / union;
    }

    /// <summary>The mask as COCO run-length encoding (column-major runs, starting with background).</summary>
    public CocoRle ToCocoRle() => CocoRle.Encode(this);

    /// <summary>The mask described by COCO run-length encoding.</summary>
    public static Mask FromCocoRle(CocoRle rle) => CocoRle.Decode(rle);

    /// <summary>The mask as a grey 8-bit PNG.</summary>
    public byte[] ToPng() => PngMaskWriter.Write(_pixels, Width, Height);

    /// <inheritdoc />
    public bool Equals(Mask? other) => other is not null && other.Width == Width && other.Height == Height && other._pixels.AsSpan().SequenceEqual(_pixels);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Mask);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Width);
        hash.Add(Height);
        hash.AddBytes(_pixels);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"Mask {Width}x{Height}, area {Area}";
}
