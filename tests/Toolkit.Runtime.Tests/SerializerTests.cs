using System;
using System.Linq;
using System.Text;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Masks;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>The generated reflection-free serializer, both directions, for requests and responses.</summary>
public sealed class SerializerTests
{
    [Fact]
    public void RequestRoundTrips()
    {
        var request = new ImageSegmentationRequest
        {
            Inputs = new byte[] { 1, 2, 3, 250 },
            Parameters = new ImageSegmentationParameters { MaskThreshold = 0.25, Subtask = ImageSegmentationSubtask.Semantic },
        };
        var json = ImageSegmentationSerializer.SerializeRequest(request);
        Assert.Equal("{\"inputs\":\"AQID+g==\",\"parameters\":{\"mask_threshold\":0.25,\"subtask\":\"semantic\"}}", Encoding.UTF8.GetString(json));

        var back = ImageSegmentationSerializer.DeserializeRequest(json);
        Assert.Equal(request.Inputs.ToArray(), back.Inputs.ToArray());
        Assert.Equal(0.25, back.Parameters!.MaskThreshold);
        Assert.Equal(ImageSegmentationSubtask.Semantic, back.Parameters.Subtask);
        Assert.Null(back.Parameters.Threshold);
    }

    [Fact]
    public void ResponseRoundTripsAndMasksAreSlicedNotCopied()
    {
        var utf8 = Encoding.UTF8.GetBytes(Responses.TwoSegments());
        var segments = ImageSegmentationSerializer.DeserializeResponse(utf8);
        Assert.Equal(3, segments.Count);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(segments[0].Mask.Base64Utf8, out var slice));
        Assert.Same(utf8, slice.Array);

        var again = ImageSegmentationSerializer.DeserializeResponse(ImageSegmentationSerializer.SerializeResponse(segments));
        Assert.Equal(segments.Select(s => (s.Label, s.Score, s.Mask)), again.Select(s => (s.Label, s.Score, s.Mask)));
    }

    [Fact]
    public void EscapedMaskStringsAreUnescaped()
    {
        var mask = Responses.HalfMask();
        var escaped = mask.Replace("/", "\\/");
        var segments = ImageSegmentationSerializer.DeserializeResponse(Encoding.UTF8.GetBytes($"[{{\"label\":\"x\",\"mask\":\"{escaped}\"}}]"));
        Assert.Equal(mask, segments[0].Mask.ToString());
        Assert.Equal(Convert.FromBase64String(mask), segments[0].Mask.GetPngBytes());
    }

    [Fact]
    public void UnknownEnumValuesReadAsTheFallbackAndFailValidationWithThePath()
    {
        // A value a newer API version added must not break reading; as a request it is still refused.
        var request = ImageSegmentationSerializer.DeserializeRequest(
            Encoding.UTF8.GetBytes("{\"inputs\":\"AQID\",\"parameters\":{\"subtask\":\"amodal\"}}"));
        Assert.Equal(ImageSegmentationSubtask.Unknown, request.Parameters!.Subtask);
        var error = Assert.Single(ImageSegmentationValidator.ValidateRequest(request));
        Assert.Equal("$.parameters.subtask", error.Path);
        Assert.Contains("instance, panoptic, semantic", error.Message);

        var wrongType = Assert.Throws<JsonPayloadException>(() => ImageSegmentationSerializer.DeserializeRequest(
            Encoding.UTF8.GetBytes("{\"inputs\":\"AQID\",\"parameters\":{\"subtask\":3}}")));
        Assert.Equal("$.parameters.subtask", wrongType.Path);
        Assert.Equal("a string", wrongType.Expected);
    }

    [Fact]
    public void WireNamesRoundTrip()
    {
        foreach (var value in Enum.GetValues<ImageSegmentationSubtask>().Where(v => v != ImageSegmentationSubtask.Unknown))
        {
            Assert.True(ImageSegmentationSerializer.TryParseImageSegmentationSubtask(ImageSegmentationSerializer.ToWireName(value), out var back));
            Assert.Equal(value, back);
        }
        Assert.False(ImageSegmentationSerializer.TryParseImageSegmentationSubtask("Panoptic", out _));
    }

    [Fact]
    public void InvalidBase64MaskIsAMaskFormatError()
    {
        var error = Assert.Throws<MaskFormatException>(() => EncodedMask.FromBase64("not*base64").GetPngBytes());
        Assert.Contains("base64", error.Message);
    }

    [Fact]
    public void PngMaskWriterWritesAValidSignatureAndHeader()
    {
        var png = PngMaskWriter.Write(new byte[] { 0, 255, 255, 0, 0, 255 }, 3, 2);
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png.Take(8).ToArray());
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(3, png[19]);
        Assert.Equal(2, png[23]);
    }
}
