using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using StbImageSharp;
using Toolkit.Runtime.Masks;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Runtime.Tests.Masks;

/// <summary>The PNG conformance suite: every valid file decodes like a reference decoder; every x*.png is refused.</summary>
public sealed class PngSuiteTests
{
    private static IEnumerable<string> Files(bool corrupt)
        => Directory.GetFiles(Path.Combine(SharedData.Root!, "pngsuite"), "*.png")
            .Where(f => Path.GetFileName(f).StartsWith('x') == corrupt)
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>The documented rule, written out again independently of the decoder.</summary>
    private static bool Foreground(byte r, byte g, byte b, byte a)
    {
        var y = (299 * r + 587 * g + 114 * b + 500) / 1000;
        return (y * a + 127) / 255 > 127;
    }

    [PngSuiteFact]
    public void EveryValidFileMatchesTheReferenceDecoder()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var file in Files(corrupt: false))
        {
            count++;
            var bytes = File.ReadAllBytes(file);
            var reference = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlueAlpha);
            Mask mask;
            try
            {
                mask = PngMaskDecoder.Decode(bytes);
            }
            catch (MaskFormatException e)
            {
                failures.Add($"{Path.GetFileName(file)}: {e.Message}");
                continue;
            }
            if (mask.Width != reference.Width || mask.Height != reference.Height)
            {
                failures.Add($"{Path.GetFileName(file)}: size {mask.Width}x{mask.Height}, reference {reference.Width}x{reference.Height}");
                continue;
            }
            var d = reference.Data;
            var mismatches = 0;
            var pixels = mask.ToBytes();
            for (var i = 0; i < mask.Width * mask.Height; i++)
            {
                var expected = Foreground(d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]);
                if ((pixels[i] == 255) != expected) mismatches++;
            }
            if (mismatches > 0) failures.Add($"{Path.GetFileName(file)}: {mismatches} pixels differ from the reference");
        }
        Assert.True(count >= 150, $"expected the whole suite, found {count} valid files");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [PngSuiteFact]
    public void EveryCorruptFileIsRefusedWithTheTypedError()
    {
        var accepted = new List<string>();
        var count = 0;
        foreach (var file in Files(corrupt: true))
        {
            count++;
            try
            {
                PngMaskDecoder.Decode(File.ReadAllBytes(file));
                accepted.Add(Path.GetFileName(file));
            }
            catch (MaskFormatException e)
            {
                Assert.StartsWith("The mask is not", e.Message);
            }
        }
        Assert.True(count >= 14, $"expected the corrupt files, found {count}");
        Assert.True(accepted.Count == 0, "accepted corrupt files: " + string.Join(", ", accepted));
    }
}
