using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Toolkit.Runtime.Masks;

/// <summary>Writes a mask as a grey 8-bit PNG (colour type 0, not interlaced), the format the service sends.</summary>
public static class PngMaskWriter
{
    private static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

    /// <summary>Encodes <paramref name="pixels"/> (row-major, one byte per pixel) as PNG bytes.</summary>
    public static byte[] Write(ReadOnlySpan<byte> pixels, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "The mask must be at least 1x1.");
        if (pixels.Length != checked(width * height)) throw new ArgumentException($"Expected {width * height} pixels, got {pixels.Length}.", nameof(pixels));

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 0; // grey
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // not interlaced
        WriteChunk(output, "IHDR"u8, header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                var row = new byte[width + 1];
                var previous = new byte[width];
                for (var y = 0; y < height; y++)
                {
                    // Filter "up" (2): masks repeat rows, which then compress to almost nothing.
                    var current = pixels.Slice(y * width, width);
                    row[0] = 2;
                    for (var x = 0; x < width; x++) row[x + 1] = (byte)(current[x] - previous[x]);
                    zlib.Write(row);
                    current.CopyTo(previous);
                }
            }
            WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(output, "IEND"u8, ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        output.Write(type);
        output.Write(data);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(type);
        crc.Append(data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc.GetCurrentHashAsUInt32());
        output.Write(crcBytes);
    }
}
