using System;

namespace Toolkit.Runtime.Masks;

/// <summary>The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320), table-driven.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc ^= 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
