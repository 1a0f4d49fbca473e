using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SegmentationStandIn;
using SegmentationStandIn.Contract;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Masks;
using Xunit;

namespace Toolkit.Samples.Tests;

/// <summary>The generated client against the local stand-in service on 127.0.0.1.</summary>
public sealed class StandInTests : IAsyncLifetime
{
    private static readonly byte[] Image = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "assets", "shapes.png"));
    private StandInServer _server = null!;
    private HttpClient _http = null!;
    private ImageSegmentationClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await StandInServer.StartAsync();
        _http = new HttpClient();
        _client = new ImageSegmentationClient(_http, new ImageSegmentationClientOptions { Model = "stand-in/model", BaseAddress = _server.BaseAddress });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(ImageSegmentationSubtask.Panoptic)]
    [InlineData(ImageSegmentationSubtask.Instance)]
    [InlineData(ImageSegmentationSubtask.Semantic)]
    public async Task EverySubtaskGivesTypedDecodableMasks(ImageSegmentationSubtask subtask)
    {
        var segments = await _client.SegmentAsync(Image, new ImageSegmentationParameters { Subtask = subtask });

        Assert.True(segments.Count >= 4, $"{segments.Count} segments");
        foreach (var segment in segments)
        {
            var mask = segment.Mask.Decode();
            Assert.Equal((320, 240), (mask.Width, mask.Height));
            Assert.True(mask.Area > 0);
            Assert.Equal(subtask == ImageSegmentationSubtask.Semantic, segment.Score is null);
        }
        Assert.Contains(segments, s => s.Label.StartsWith("red", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ImageSegmentationSubtask.Panoptic)]
    [InlineData(ImageSegmentationSubtask.Semantic)]
    public async Task PanopticAndSemanticMasksCoverTheImageWithoutOverlap(ImageSegmentationSubtask subtask)
    {
        var masks = (await _client.SegmentAsync(Image, new ImageSegmentationParameters { Subtask = subtask })).Select(s => s.Mask.Decode().ToBytes()).ToList();
        for (var i = 0; i < 320 * 240; i++)
        {
            Assert.Equal(1, masks.Count(m => m[i] == 255));
        }
    }

    [Fact]
    public async Task ThresholdDropsLowScoreSegments()
    {
        var all = await _client.SegmentAsync(Image, new ImageSegmentationParameters { Subtask = ImageSegmentationSubtask.Instance, Threshold = 0.0 });
        var confident = await _client.SegmentAsync(Image, new ImageSegmentationParameters { Subtask = ImageSegmentationSubtask.Instance, Threshold = 0.95 });
        Assert.True(confident.Count < all.Count);
        Assert.All(confident, s => Assert.True(s.Score >= 0.95));
    }

    [Fact]
    public async Task MaskThresholdTrimsPixelsFarFromTheSegmentColour()
    {
        // One red region whose shade runs from dark to light: a higher mask_threshold keeps only its middle.
        using var bitmap = new SkiaSharp.SKBitmap(120, 40);
        for (var x = 0; x < 120; x++)
        {
            for (var y = 0; y < 40; y++) bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)(160 + x * 95 / 119), 40, 40));
        }
        var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100).ToArray();

        async Task<long> AreaAsync(double maskThreshold)
        {
            var segments = await _client.SegmentAsync(png, new ImageSegmentationParameters { Subtask = ImageSegmentationSubtask.Instance, MaskThreshold = maskThreshold });
            return segments.Where(s => s.Label.StartsWith("red", StringComparison.Ordinal)).Sum(s => s.Mask.Decode().Area);
        }

        var loose = await AreaAsync(0.5);
        var strict = await AreaAsync(0.95);
        Assert.InRange(loose, 110 * 40, 120 * 40); // the darkest columns quantise to brown, a different segment
        Assert.InRange(strict, 1, loose - 1);
    }

    [Fact]
    public async Task InvalidParametersGetTheRealErrorShape()
    {
        var body = $"{{\"inputs\":\"{Convert.ToBase64String(Image)}\",\"parameters\":{{\"threshold\":2,\"subtask\":\"panoptic\",\"mask_threshold\":-1}}}}";
        var response = await _http.PostAsync(new Uri(_server.BaseAddress, "models/x"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.Array, error.ValueKind);
        Assert.Equal(2, error.GetArrayLength());
    }

    [Fact]
    public async Task NotAnImageIsA400WithTheServiceMessage()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => _client.SegmentAsync(Encoding.ASCII.GetBytes("hello")));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Invalid image", error.Errors.Single());
    }
}
