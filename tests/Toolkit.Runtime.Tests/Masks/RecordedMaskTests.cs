using System;
using System.Linq;
using System.Text.Json;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Runtime.Tests.Masks;

/// <summary>Every mask the real service sent decodes to its image's size, with values 0 and 255 only.</summary>
public sealed class RecordedMaskTests
{
    [RecordedFact]
    public void EveryRecordedMaskDecodes()
    {
        var sizes = new (string File, int Width, int Height)[]
        {
            ("cats-panoptic-7-segments.json", 640, 420),
            ("panoptic-503-then-200.json", 512, 512),
            ("router-503-then-200.json", 512, 512),
        };
        var decoded = 0;
        foreach (var (file, width, height) in sizes)
        {
            foreach (var exchange in RecordedExchange.Load(file).Where(e => e.Status == 200))
            {
                foreach (var segment in ImageSegmentationSerializer.DeserializeResponse(exchange.ResponseBody))
                {
                    var mask = segment.Mask.Decode();
                    Assert.Equal((width, height), (mask.Width, mask.Height));
                    Assert.True(mask.ToBytes().AsSpan().IndexOfAnyExcept((byte)0, (byte)255) < 0);
                    Assert.InRange(mask.Area, 1, (long)width * height);
                    decoded++;
                }
            }
        }
        Assert.Equal(7 + 2 + 2, decoded);
    }

    [RecordedFact]
    public void CatsFirstSegmentHasTheKnownArea()
    {
        var exchange = RecordedExchange.Load("cats-panoptic-7-segments.json")[0];
        var segments = ImageSegmentationSerializer.DeserializeResponse(exchange.ResponseBody);
        Assert.Equal("LABEL_199", segments[0].Label);
        var mask = segments[0].Mask.Decode();
        Assert.Equal(174486, mask.Area);
        // The same pixels counted without the decoder's own Area, from a PNG round trip.
        Assert.Equal(174486, Toolkit.Runtime.Masks.PngMaskDecoder.Decode(mask.ToPng()).ToBytes().Count(p => p == 255));
    }
}
