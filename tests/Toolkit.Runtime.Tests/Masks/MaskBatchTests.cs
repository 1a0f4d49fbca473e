using System;
using System.Linq;
using Toolkit.Runtime.Masks;
using Xunit;

namespace Toolkit.Runtime.Tests.Masks;

/// <summary>Decoding all masks of a response across cores gives what decoding them one by one gives.</summary>
public sealed class MaskBatchTests
{
    private static EncodedMask[] Masks(int count, int width, int height)
    {
        var random = new Random(count);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var pixels = new byte[width * height];
            for (var i = 0; i < pixels.Length; i++) pixels[i] = random.Next(4) == 0 ? (byte)255 : (byte)0;
            return EncodedMask.FromPng(PngMaskWriter.Write(pixels, width, height));
        }).ToArray();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void EveryDegreeOfParallelismGivesTheSequentialMasksInOrder(int degree)
    {
        var masks = Masks(9, 97, 61);
        var expected = masks.Select(m => m.Decode()).ToArray();
        Assert.Equal(expected, MaskBatch.DecodeAll(masks, degree));
    }

    [Fact]
    public void ABadMaskIsAMaskFormatErrorNamingItsIndex()
    {
        var masks = Masks(5, 20, 20);
        masks[3] = EncodedMask.FromBase64(Convert.ToBase64String(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        foreach (var degree in new[] { 1, -1 })
        {
            var error = Assert.Throws<MaskFormatException>(() => MaskBatch.DecodeAll(masks, degree));
            Assert.StartsWith("Mask 3: ", error.Message);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskBatch.DecodeAll(masks, 0));
    }

    [Fact]
    public void TheLimitsHoldForEachMask()
    {
        var masks = Masks(3, 64, 64);
        var error = Assert.Throws<MaskFormatException>(() => MaskBatch.DecodeAll(masks, -1, new MaskDecodeOptions { MaxPixels = 1000 }));
        Assert.StartsWith("Mask ", error.Message);
    }
}
