using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Toolkit.Benchmarks;

/// <summary>
/// Encodes masks the way PIL does for the service: grey 8-bit, zlib level 6, and per-row adaptive filter choice
/// (the filter whose output has the smallest sum of absolute signed bytes).
/// </summary>
internal static class PilLikeEncoder
{
    public static byte[] Encode(byte[] pixels, int width, int height)
    {
        using var output = new MemoryStream();
        output.Write(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 });
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        Chunk(output, "IHDR", ihdr);
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var prev = new byte[width];
            var candidates = new byte[5][];
            for (var f = 0; f < 5; f++) candidates[f] = new byte[width + 1];
            for (var y = 0; y < height; y++)
            {
                var row = pixels.AsSpan(y * width, width);
                var best = 0;
                long bestScore = long.MaxValue;
                for (var f = 0; f < 5; f++)
                {
                    var c = candidates[f];
                    c[0] = (byte)f;
                    long score = 0;
                    for (var x = 0; x < width; x++)
                    {
                        int a = x > 0 ? row[x - 1] : 0, b = prev[x], cc = x > 0 ? prev[x - 1] : 0;
                        var predictor = f switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) >> 1, _ => Paeth(a, b, cc) };
                        var v = (byte)(row[x] - predictor);
                        c[x + 1] = v;
                        score += Math.Abs((int)(sbyte)v);
                    }
                    if (score < bestScore)
                    {
                        bestScore = score;
                        best = f;
                    }
                }
                z.Write(candidates[best]);
                row.CopyTo(prev);
            }
        }
        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", Array.Empty<byte>());
        return output.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        output.Write(header);
        output.Write(data);
        var crc = Crc(header.AsSpan(4, 4), data);
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        output.Write(tail);
    }

    private static uint Crc(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var span in new[] { a.ToArray(), b.ToArray() })
        {
            foreach (var x in span)
            {
                crc ^= x;
                for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
