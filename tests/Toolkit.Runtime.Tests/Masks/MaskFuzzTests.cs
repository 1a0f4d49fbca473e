using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Linq;
using Toolkit.Runtime.Masks;
using Xunit;

namespace Toolkit.Runtime.Tests.Masks;

/// <summary>
/// Seeded mutations of valid masks (bit flips, truncations, chunk-length lies, IHDR lies, bad zlib) give a valid
/// mask or a <see cref="MaskFormatException"/>, each quickly; never a crash, a hang or a huge allocation.
/// </summary>
public sealed class MaskFuzzTests
{
    private static byte[] Sample(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height];
        int cx = random.Next(width), cy = random.Next(height), r = 1 + random.Next(Math.Min(width, height));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++) pixels[y * width + x] = (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r ? (byte)255 : (byte)0;
        }
        return PngMaskWriter.Write(pixels, width, height);
    }

    [Theory]
    [InlineData(11, 2000)]
    [InlineData(12, 2000)]
    public void MutatedMasksDecodeOrFailWithTheTypedError(int seed, int iterations)
    {
        var random = new Random(seed);
        var originals = new[] { Sample(64, 48, seed), Sample(7, 300, seed + 1), Sample(256, 256, seed + 2) };
        var slowest = TimeSpan.Zero;
        int ok = 0, refused = 0;
        for (var i = 0; i < iterations; i++)
        {
            var bytes = Mutate((byte[])originals[i % originals.Length].Clone(), random);
            var watch = Stopwatch.StartNew();
            try
            {
                var mask = PngMaskDecoder.Decode(bytes, new MaskDecodeOptions { MaxPixels = 4_000_000 });
                Assert.True(mask.ToBytes().AsSpan().IndexOfAnyExcept((byte)0, (byte)255) < 0);
                Assert.Equal(mask.Area, mask.ToBytes().Count(p => p == 255));
                ok++;
            }
            catch (MaskFormatException)
            {
                refused++;
            }
            watch.Stop();
            if (watch.Elapsed > slowest) slowest = watch.Elapsed;
        }
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"one decode took {slowest}");
        Assert.True(refused > iterations / 2, $"only {refused} of {iterations} mutants were refused");
        Assert.True(ok > 0, "no mutant survived: the mutations never exercise the decoding of odd but valid data");
    }

    [Fact]
    public void AHeaderLieAboutTheSizeIsRefusedBeforeAllocating()
    {
        var png = Sample(16, 16, 1);
        SetHeader(png, 60_000, 60_000);
        var error = Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png));
        Assert.Contains("over the limit", error.Message);

        SetHeader(png, 4000, 4000); // within the limit, but 16 million pixels cannot come from a few bytes of zlib
        var before = GC.GetAllocatedBytesForCurrentThread();
        error = Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the lie drove an allocation");
        Assert.Contains("shorter than the header implies", error.Message);
    }

    [Fact]
    public void AbsurdlyWideRowsAreRefusedEvenWithoutAPixelLimit()
    {
        var png = Sample(16, 16, 6);
        SetHeader(png, int.MaxValue, 1);
        png[24] = 16; // bit depth 16
        png[25] = 6;  // RGBA: 8 bytes a pixel, 16 GiB for the row
        FixCrc(png, 8);
        var error = Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png, new MaskDecodeOptions { MaxPixels = long.MaxValue }));
        Assert.StartsWith("The mask is not a valid PNG", error.Message);
    }

    [Fact]
    public void ZlibStreamsLongerOrShorterThanTheHeaderAreRefused()
    {
        var png = Sample(32, 32, 2);
        SetHeader(png, 32, 31);
        Assert.Contains("longer than the header", Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png)).Message);
        SetHeader(png, 32, 33);
        Assert.Contains("shorter than the header", Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png)).Message);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    public void ZeroSizesAreRefused(int width, int height)
    {
        var png = Sample(8, 8, 3);
        SetHeader(png, width, height);
        Assert.Contains("invalid size", Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png)).Message);
    }

    /// <summary>
    /// A 1-pixel-wide image costs 64 pixels of storage per row (rows are padded to a word): 1 x 67,108,864 is within
    /// 64 megapixels by its header but would allocate 512 MiB, so the limit counts the padded storage and refuses it.
    /// </summary>
    [Fact]
    public void TheLimitCountsThePaddedStorageOfNarrowImages()
    {
        var png = Sample(8, 8, 5);
        SetHeader(png, 1, 67_108_864);
        var error = Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png));
        Assert.Contains("padded", error.Message);
        Assert.Contains("4294967296 pixels", error.Message);

        // Within the same pixel count, a wide image is fine as far as the limit goes (it then fails on its data).
        SetHeader(png, 8192, 8192);
        Assert.DoesNotContain("over the limit", Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png)).Message);
    }

    [Fact]
    public void LargeScratchBuffersAreNotHeldByTheSharedPool()
    {
        var large = MaskBuffers.Rent(2 * 1024 * 1024);
        MaskBuffers.Return(large);
        Assert.NotSame(large, System.Buffers.ArrayPool<byte>.Shared.Rent(2 * 1024 * 1024));

        var small = MaskBuffers.Rent(4096);
        MaskBuffers.Return(small);
        Assert.Same(small, System.Buffers.ArrayPool<byte>.Shared.Rent(4096)); // small ones are pooled as before
    }

    [Fact]
    public void BadCrcIsRefused()
    {
        var png = Sample(8, 8, 4);
        png[20] ^= 1; // inside IHDR, CRC left as it was
        Assert.Contains("CRC mismatch in the IHDR", Assert.Throws<MaskFormatException>(() => PngMaskDecoder.Decode(png)).Message);
    }

    /// <summary>Rewrites IHDR's width and height and fixes its CRC, so only the lie remains.</summary>
    private static void SetHeader(byte[] png, int width, int height)
    {
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        FixCrc(png, 8);
    }

    private static void FixCrc(byte[] png, int chunkStart)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(chunkStart));
        var crc = TestCrc32.Compute(png.AsSpan(chunkStart + 4, 4 + length));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(chunkStart + 8 + length), crc);
    }

    private static byte[] Mutate(byte[] png, Random random)
    {
        switch (random.Next(6))
        {
            case 0: // bit flips
                for (var n = 1 + random.Next(4); n > 0; n--) png[random.Next(png.Length)] ^= (byte)(1 << random.Next(8));
                return png;
            case 1: // truncation
                return png.AsSpan(0, random.Next(png.Length)).ToArray();
            case 2: // a chunk-length lie (CRC stays valid for the rest)
                BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(33), random.Next(2) == 0 ? random.Next() : random.Next(200));
                return png;
            case 3: // an IHDR lie with a valid CRC: size, depth, colour type, interlace
                var field = 16 + random.Next(13);
                png[field] = (byte)random.Next(256);
                FixCrc(png, 8);
                return png;
            case 4: // corrupt the zlib data and fix the IDAT CRC, so the inflater must catch it
            {
                var idatLength = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
                png[41 + random.Next(Math.Max(1, idatLength))] ^= (byte)(1 + random.Next(255));
                FixCrc(png, 33);
                return png;
            }
            default: // random garbage after the signature
                var garbage = new byte[random.Next(64)];
                random.NextBytes(garbage);
                return png.Take(8 + random.Next(png.Length - 8)).Concat(garbage).ToArray();
        }
    }
}
