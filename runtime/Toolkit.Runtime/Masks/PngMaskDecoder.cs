using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// Decodes any valid PNG (colour types 0, 2, 3, 4, 6; bit depths 1–16; palette with tRNS; Adam7; several IDAT
/// chunks; all five filters) into a <see cref="Mask"/>. A pixel is foreground when its luminance, composited
/// over black by its alpha, is above 127 (on a 0–255 scale):
/// <c>Y = (299 R + 587 G + 114 B) / 1000</c>, foreground when <c>Y · A / 255 &gt; 127</c>.
/// </summary>
/// <remarks>
/// Input is untrusted: every chunk's CRC is checked, sizes are bounded by <see cref="MaskDecodeOptions.MaxPixels"/>
/// before anything is allocated, a header that the compressed data cannot possibly fill is refused, and the zlib
/// stream must end exactly where the header says. Every failure is a <see cref="MaskFormatException"/>.
/// Rows are inflated and unfiltered one at a time into two pooled row buffers; the common case of the real
/// service (grey, 8-bit, not interlaced) thresholds whole rows with SIMD.
/// </remarks>
public static class PngMaskDecoder
{
    private static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

    // Deflate cannot expand more than 1032:1; a header needing more raw bytes than that is a lie.
    private const long MaxDeflateRatio = 1040;

    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
    {
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    };

    private static readonly (int X, int Y, int Dx, int Dy)[] NoInterlace = { (0, 0, 1, 1) };

    /// <summary>
    /// How much inflated data is read per call into zlib. zlib copies the last 32 KiB of every call's output into its
    /// window, so small blocks pay that copy often (64 KiB blocks: a sixth slower on 2048×1536 masks); a block still
    /// fits the L2 cache, where unfiltering and thresholding read it.
    /// </summary>
    private const int BlockBytes = 256 * 1024;

    /// <summary>Rows longer than this (64 MiB) are refused whatever the pixel limit (a block holds at least one row).</summary>
    private const long MaxRowBytes = 64L * 1024 * 1024;

    /// <summary>Decodes PNG bytes into a mask.</summary>
    public static Mask Decode(ReadOnlySpan<byte> png, MaskDecodeOptions? options = null)
    {
        var buffer = MaskBuffers.Rent(png.Length);
        try
        {
            png.CopyTo(buffer);
            return Decode(buffer, png.Length, options ?? MaskDecodeOptions.Default);
        }
        finally
        {
            MaskBuffers.Return(buffer);
        }
    }

    /// <summary>Decodes the first <paramref name="length"/> bytes of <paramref name="data"/>, which stay unchanged.</summary>
    /// <remarks>
    /// This and the per-row kernels are compiled optimized from the first call: they run thousands of times per response,
    /// and their tier-0 code (SIMD helpers not yet intrinsics) made a fresh process's first responses 3-25x slower than
    /// the warm ones until tiering caught up.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Mask Decode(byte[] data, int length, MaskDecodeOptions options)
    {
        var png = data.AsSpan(0, length);
        if (length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw new MaskFormatException("The mask is not a PNG: the 8-byte PNG signature is missing.");
        }

        PngHeader? header = null;
        byte[]? palette = null; // RGBA per entry
        int[]? transparent = null; // grey or RGB sample values that are transparent
        var idat = new List<(int Offset, int Length)>();
        long idatBytes = 0;
        var idatDone = false;
        var ended = false;
        var pos = Signature.Length;
        while (pos < length && !ended)
        {
            if (length - pos < 12) throw Error($"truncated chunk at byte {pos}: {length - pos} bytes left, a chunk needs at least 12");
            var declared = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            if (declared > (uint)(length - pos - 12))
            {
                throw Error($"chunk at byte {pos} claims {declared} data bytes but only {length - pos - 12} remain (truncated data or a length lie)");
            }
            var size = (int)declared;
            var type = png.Slice(pos + 4, 4);
            foreach (var c in type)
            {
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) throw Error($"invalid chunk type at byte {pos}");
            }
            var name = System.Text.Encoding.ASCII.GetString(type);
            var body = png.Slice(pos + 8, size);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + size)..]);
            if (System.IO.Hashing.Crc32.HashToUInt32(png.Slice(pos + 4, 4 + size)) != storedCrc) throw Error($"CRC mismatch in the {name} chunk at byte {pos}");

            if (header is null && name != "IHDR") throw Error($"the first chunk is {name}, not IHDR");
            if (idat.Count > 0 && name != "IDAT") idatDone = true;
            switch (name)
            {
                case "IHDR":
                    if (header is not null) throw Error("a second IHDR chunk");
                    header = ReadHeader(body, options);
                    break;
                case "PLTE":
                    if (header!.Value.ColourType is 0 or 4) throw Error("a PLTE chunk in a greyscale image");
                    if (idat.Count > 0) throw Error("PLTE after IDAT");
                    if (size == 0 || size % 3 != 0 || size / 3 > 256) throw Error($"PLTE of {size} bytes (must be 3 to 768, a multiple of 3)");
                    if (header.Value.ColourType == 3 && size / 3 > 1 << header.Value.BitDepth) throw Error($"PLTE has {size / 3} entries, more than {header.Value.BitDepth}-bit indices allow");
                    palette = new byte[size / 3 * 4];
                    for (var i = 0; i < size / 3; i++)
                    {
                        palette[4 * i] = body[3 * i];
                        palette[4 * i + 1] = body[3 * i + 1];
                        palette[4 * i + 2] = body[3 * i + 2];
                        palette[4 * i + 3] = 255;
                    }
                    break;
                case "tRNS":
                    transparent = ReadTransparency(header!.Value, body, palette);
                    break;
                case "IDAT":
                    if (idatDone) throw Error("IDAT chunks are not consecutive");
                    idat.Add((pos + 8, size));
                    idatBytes += size;
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    // Bit 5 of the first letter clear (upper case) marks a chunk a decoder must understand.
                    if ((type[0] & 0x20) == 0) throw Error($"unknown critical chunk {name}");
                    break;
            }
            pos += 12 + size;
        }

        if (header is not { } h) throw Error("no IHDR chunk");
        if (idat.Count == 0) throw Error("no IDAT chunk (no image data)");
        if (!ended) throw Error("no IEND chunk: the data is truncated");
        if (h.ColourType == 3 && palette is null) throw Error("a palette image without a PLTE chunk");

        var passes = h.Interlaced ? Adam7 : NoInterlace;
        long rawBytes = 0;
        long maxRow = 0;
        foreach (var p in passes)
        {
            var (pw, ph) = PassSize(h, p);
            if (pw == 0 || ph == 0) continue;
            rawBytes += (long)ph * (1 + h.RowBytes(pw));
            maxRow = Math.Max(maxRow, h.RowBytes(pw));
        }
        if (rawBytes > idatBytes * MaxDeflateRatio + 4096)
        {
            throw Error($"the IDAT data ({idatBytes} bytes) is far too short for a {h.Width}x{h.Height} image (the zlib stream is shorter than the header implies)");
        }

        if (maxRow >= MaxRowBytes) throw Error($"rows of {maxRow} bytes are too long to decode");
        var fast = h is { ColourType: 0, BitDepth: 8, Interlaced: false } && transparent is null;
        // A row goes straight into its band when the band is stored, else into a scratch row that is kept only if
        // it holds foreground: the background above and below a segment allocates nothing.
        var bits = new MaskBits(h.Width, h.Height);
        var scratch = ArrayPool<ulong>.Shared.Rent(bits.WordsPerRow);
        var scratchRow = scratch.AsSpan(0, bits.WordsPerRow);
        // Rows are inflated a block at a time (fewer calls into zlib) and unfiltered in place; the previous
        // row is the one before in the block, or a copy of the last row of the block before.
        var rowStride = (int)maxRow + 1;
        var rowsPerBlock = (int)Math.Max(1, Math.Min(BlockBytes / rowStride, h.Height));
        var block = MaskBuffers.Rent(rowsPerBlock * rowStride);
        var carried = MaskBuffers.Rent(rowStride);
        try
        {
            using var zlib = new ZLibStream(new ChunkStream(data, idat), CompressionMode.Decompress);
            var passIndex = 0;
            foreach (var p in passes)
            {
                passIndex++;
                var (pw, ph) = PassSize(h, p);
                if (pw == 0 || ph == 0) continue;
                var rowBytes = (int)h.RowBytes(pw);
                var stride = rowBytes + 1;
                var perBlock = Math.Max(1, Math.Min(block.Length / stride, ph));
                var filterStride = h.FilterStride;
                Array.Clear(carried, 0, rowBytes);
                for (var y0 = 0; y0 < ph; y0 += perBlock)
                {
                    var rows = Math.Min(perBlock, ph - y0);
                    ReadRows(zlib, block.AsSpan(0, rows * stride), y0, passIndex, h.Interlaced, stride);
                    for (var r = 0; r < rows; r++)
                    {
                        var row = block.AsSpan(r * stride + 1, rowBytes);
                        var filter = block[r * stride];
                        // Most rows of a mask are filter None (82% in the shared responses): no call for them.
                        if (filter != 0)
                        {
                            var previous = r == 0 ? carried.AsSpan(0, rowBytes) : block.AsSpan((r - 1) * stride + 1, rowBytes);
                            Unfilter(filter, row, previous, filterStride, y0 + r);
                        }
                        var targetY = p.Y + (y0 + r) * p.Dy;
                        if (fast)
                        {
                            var stored = bits.StoredRow(targetY);
                            if (!stored.IsEmpty) ThresholdGrey8(row, stored);
                            else if (ThresholdGrey8(row, scratchRow) != 0) scratchRow.CopyTo(bits.WritableRow(targetY));
                        }
                        else
                        {
                            // Interlaced passes add pixels to rows already written: or, never overwrite.
                            scratchRow.Clear();
                            ConvertRow(h, row, pw, palette, transparent, scratchRow, p.X, p.Dx);
                            if (scratchRow.IndexOfAnyExcept(0UL) >= 0)
                            {
                                var target = bits.WritableRow(targetY);
                                for (var w = 0; w < target.Length; w++) target[w] |= scratchRow[w];
                            }
                        }
                    }
                    block.AsSpan((rows - 1) * stride + 1, rowBytes).CopyTo(carried);
                }
            }
            Span<byte> extra = stackalloc byte[1];
            if (ReadSome(zlib, extra) != 0) throw Error("the zlib stream is longer than the header implies");
        }
        finally
        {
            MaskBuffers.Return(block);
            MaskBuffers.Return(carried);
            ArrayPool<ulong>.Shared.Return(scratch);
        }
        return new Mask(h.Width, h.Height, bits);
    }

    private static PngHeader ReadHeader(ReadOnlySpan<byte> body, MaskDecodeOptions options)
    {
        if (body.Length != 13) throw Error($"IHDR of {body.Length} bytes (must be 13)");
        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Error($"invalid size {width}x{height}");
        }
        // What the mask really allocates: rows are padded to 64 pixels, so a 1-pixel-wide image costs 64 per row.
        var pixels = (long)Mask.WordsPerRow((int)width) * 64 * height;
        if (pixels > options.MaxPixels || pixels > Array.MaxLength)
        {
            throw Error($"{width}x{height} needs storage for {pixels} pixels (rows are padded to 64 pixels), over the limit of {options.MaxPixels}");
        }
        int depth = body[8], colour = body[9];
        if (!PngHeader.IsValidCombination(colour, depth)) throw Error($"invalid colour type {colour} with bit depth {depth}");
        if (body[10] != 0) throw Error($"unknown compression method {body[10]}");
        if (body[11] != 0) throw Error($"unknown filter method {body[11]}");
        if (body[12] > 1) throw Error($"unknown interlace method {body[12]}");
        return new PngHeader((int)width, (int)height, depth, colour, body[12] == 1);
    }

    private static int[]? ReadTransparency(PngHeader h, ReadOnlySpan<byte> body, byte[]? palette)
    {
        switch (h.ColourType)
        {
            case 0:
                if (body.Length != 2) throw Error("tRNS for a grey image must be 2 bytes");
                return new[] { BinaryPrimitives.ReadUInt16BigEndian(body) & ((1 << h.BitDepth) - 1) };
            case 2:
                if (body.Length != 6) throw Error("tRNS for an RGB image must be 6 bytes");
                var max = (1 << h.BitDepth) - 1;
                return new[] { BinaryPrimitives.ReadUInt16BigEndian(body) & max, BinaryPrimitives.ReadUInt16BigEndian(body[2..]) & max, BinaryPrimitives.ReadUInt16BigEndian(body[4..]) & max };
            case 3:
                if (palette is null) throw Error("tRNS before PLTE");
                if (body.Length > palette.Length / 4) throw Error("tRNS has more entries than the palette");
                for (var i = 0; i < body.Length; i++) palette[4 * i + 3] = body[i];
                return null;
            default:
                throw Error("tRNS in an image that has an alpha channel");
        }
    }

    private static (int Width, int Height) PassSize(PngHeader h, (int X, int Y, int Dx, int Dy) p)
        => (h.Width <= p.X ? 0 : (h.Width - p.X + p.Dx - 1) / p.Dx, h.Height <= p.Y ? 0 : (h.Height - p.Y + p.Dy - 1) / p.Dy);

    private static void ReadRows(Stream zlib, Span<byte> target, int firstRow, int pass, bool interlaced, int stride)
    {
        var filled = 0;
        while (filled < target.Length)
        {
            var n = ReadSome(zlib, target[filled..]);
            if (n == 0)
            {
                var row = firstRow + filled / stride;
                throw Error($"the zlib stream is shorter than the header implies (it ends in row {row}{(interlaced ? $" of pass {pass}" : "")})");
            }
            filled += n;
        }
    }

    private static int ReadSome(Stream zlib, Span<byte> destination)
    {
        try
        {
            return zlib.Read(destination);
        }
        catch (InvalidDataException e)
        {
            throw new MaskFormatException("The mask is not a valid PNG: bad zlib data (" + e.Message + ").", e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a per-row kernel: see Decode
    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int stride, int y)
    {
        switch (filter)
        {
            case 0:
                return;
            case 1:
                if (stride == 1)
                {
                    UnfilterSub1(row);
                    return;
                }
                for (var i = stride; i < row.Length; i++) row[i] += row[i - stride];
                return;
            case 2:
                AddUp(row, previous);
                return;
            case 3:
                for (var i = 0; i < stride && i < row.Length; i++) row[i] += (byte)(previous[i] >> 1);
                for (var i = stride; i < row.Length; i++) row[i] += (byte)((row[i - stride] + previous[i]) >> 1);
                return;
            case 4:
                for (var i = 0; i < stride && i < row.Length; i++) row[i] += previous[i];
                if (stride == 1)
                {
                    UnfilterPaeth1(row, previous);
                    return;
                }
                for (var i = stride; i < row.Length; i++) row[i] += Paeth(row[i - stride], previous[i], previous[i - stride]);
                return;
            default:
                throw Error($"invalid filter type {filter} in row {y}");
        }
    }

    /// <summary>
    /// Sub with one byte per pixel. Masks are long runs: a zero residual repeats the left byte, so runs of zeros
    /// (found with a vectorised search) become fills.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a per-row kernel: see Decode
    private static void UnfilterSub1(Span<byte> row)
    {
        var i = 1;
        while (i < row.Length)
        {
            var nonZero = row[i..].IndexOfAnyExcept((byte)0);
            var run = nonZero < 0 ? row.Length - i : nonZero;
            if (run > 0)
            {
                row.Slice(i, run).Fill(row[i - 1]);
                i += run;
                if (i >= row.Length) break;
            }
            row[i] += row[i - 1];
            i++;
        }
    }

    /// <summary>
    /// Paeth with one byte per pixel. Where the residual is zero and the row above is flat (b == c), Paeth picks
    /// the left byte, so such stretches are fills; the rest goes byte by byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a per-row kernel: see Decode
    private static void UnfilterPaeth1(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        var i = 1;
        while (i < row.Length)
        {
            if (row[i] == 0)
            {
                var zeros = row[i..].IndexOfAnyExcept((byte)0);
                var end = zeros < 0 ? row.Length : i + zeros;
                // Flat above: previous[k] == previous[k - 1] for k in [i, i + flat).
                var flat = previous[i..end].CommonPrefixLength(previous[(i - 1)..(end - 1)]);
                if (flat > 0)
                {
                    row.Slice(i, flat).Fill(row[i - 1]);
                    i += flat;
                    continue;
                }
            }
            row[i] += Paeth(row[i - 1], previous[i], previous[i - 1]);
            i++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a per-row kernel: see Decode
    private static void AddUp(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= row.Length - 64; i += 64)
            {
                (Vector512.Create(row.Slice(i, 64)) + Vector512.Create(previous.Slice(i, 64))).CopyTo(row.Slice(i, 64));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= row.Length - 32; i += 32)
            {
                (Vector256.Create(row.Slice(i, 32)) + Vector256.Create(previous.Slice(i, 32))).CopyTo(row.Slice(i, 32));
            }
        }
        for (; i < row.Length; i++) row[i] += previous[i];
    }

    private static byte Paeth(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>
    /// The fast path: an 8-bit grey row to bits, 64 pixels at a time (one 64-byte or two 32-byte unsigned compares
    /// whose sign bits become one word). Returns the words or-ed together: zero when the row has no foreground.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a per-row kernel: see Decode
    private static ulong ThresholdGrey8(ReadOnlySpan<byte> row, Span<ulong> target)
    {
        // Whole 64-pixel groups go by SIMD without bounds checks, so the target must hold one word per group.
        var whole = row.Length >> 6;
        if (target.Length != (row.Length + 63) >> 6) throw new ArgumentException("The target row does not match the image row.", nameof(target));
        ulong any = 0;
        ref var source = ref MemoryMarshal.GetReference(row);
        ref var words = ref MemoryMarshal.GetReference(target);
        var w = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var limit = Vector512.Create((byte)127);
            for (; w < whole; w++)
            {
                var word = Vector512.GreaterThan(Vector512.LoadUnsafe(ref source, (nuint)(w << 6)), limit).ExtractMostSignificantBits();
                Unsafe.Add(ref words, w) = word;
                any |= word;
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create((byte)127);
            for (; w < whole; w++)
            {
                ulong low = Vector256.GreaterThan(Vector256.LoadUnsafe(ref source, (nuint)(w << 6)), limit).ExtractMostSignificantBits();
                ulong high = Vector256.GreaterThan(Vector256.LoadUnsafe(ref source, (nuint)(w << 6) + 32), limit).ExtractMostSignificantBits();
                Unsafe.Add(ref words, w) = low | (high << 32);
                any |= low | high;
            }
        }
        for (; w < target.Length; w++)
        {
            ulong word = 0;
            var x = w << 6;
            var end = Math.Min(64, row.Length - x);
            for (var i = 0; i < end; i++)
            {
                if (row[x + i] > 127) word |= 1UL << i;
            }
            target[w] = word;
            any |= word;
        }
        return any;
    }

    private static void ConvertRow(PngHeader h, ReadOnlySpan<byte> row, int count, byte[]? palette, int[]? transparent, Span<ulong> target, int x0, int dx)
    {
        var depth = h.BitDepth;
        for (var i = 0; i < count; i++)
        {
            int r, g, b, a = 255;
            switch (h.ColourType)
            {
                case 0:
                {
                    var v = Sample(row, i, depth);
                    if (transparent is not null && v == transparent[0]) a = 0;
                    r = g = b = Scale(v, depth);
                    break;
                }
                case 2:
                {
                    int vr = Sample(row, 3 * i, depth), vg = Sample(row, 3 * i + 1, depth), vb = Sample(row, 3 * i + 2, depth);
                    if (transparent is not null && vr == transparent[0] && vg == transparent[1] && vb == transparent[2]) a = 0;
                    (r, g, b) = (Scale(vr, depth), Scale(vg, depth), Scale(vb, depth));
                    break;
                }
                case 3:
                {
                    var index = Sample(row, i, depth);
                    if (4 * index >= palette!.Length) throw Error($"palette index {index} out of range (the palette has {palette.Length / 4} entries)");
                    (r, g, b, a) = (palette[4 * index], palette[4 * index + 1], palette[4 * index + 2], palette[4 * index + 3]);
                    break;
                }
                case 4:
                    r = g = b = Scale(Sample(row, 2 * i, depth), depth);
                    a = Scale(Sample(row, 2 * i + 1, depth), depth);
                    break;
                default:
                    (r, g, b, a) = (Scale(Sample(row, 4 * i, depth), depth), Scale(Sample(row, 4 * i + 1, depth), depth),
                        Scale(Sample(row, 4 * i + 2, depth), depth), Scale(Sample(row, 4 * i + 3, depth), depth));
                    break;
            }
            if (IsForeground(r, g, b, a))
            {
                var x = x0 + i * dx;
                target[x >> 6] |= 1UL << (x & 63);
            }
        }
    }

    /// <summary>The foreground rule, on 8-bit channels: luminance composited over black by alpha, above 127.</summary>
    public static bool IsForeground(int r, int g, int b, int a)
    {
        var luminance = (299 * r + 587 * g + 114 * b + 500) / 1000;
        return (luminance * a + 127) / 255 > 127;
    }

    /// <summary>Sample <paramref name="index"/> of a row at any bit depth (16-bit samples whole).</summary>
    private static int Sample(ReadOnlySpan<byte> row, int index, int depth) => depth switch
    {
        8 => row[index],
        16 => (row[2 * index] << 8) | row[2 * index + 1],
        _ => (row[index * depth >> 3] >> (8 - depth - (index * depth & 7))) & ((1 << depth) - 1),
    };

    /// <summary>A sample to 0–255: low depths scale up, 16-bit keeps its high byte.</summary>
    private static int Scale(int value, int depth) => depth switch
    {
        8 => value,
        16 => value >> 8,
        _ => value * 255 / ((1 << depth) - 1),
    };

    private static MaskFormatException Error(string what) => new("The mask is not a valid PNG: " + what + ".");
}
