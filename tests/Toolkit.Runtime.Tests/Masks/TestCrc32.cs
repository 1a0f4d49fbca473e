using System;


namespace Toolkit.Runtime.Tests.Masks;

/// <summary>A test-side CRC-32 (System.IO.Hashing is not in the shared framework), written independently of the runtime's.</summary>
internal static class TestCrc32
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
