using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>The generated client replays the real recorded exchanges in ../shared/recorded/hf-inference.</summary>
public sealed class RecordedExchangeTests
{
    private const string Model = "facebook/detr-resnet-50-panoptic";

    [RecordedFact]
    public Task Panoptic503ThenRetryWithWaitForModelThen200() => Replay503Then200("panoptic-503-then-200.json", "https://api-inference.huggingface.co");

    [RecordedFact]
    public Task Router503ThenRetryWithWaitForModelThen200() => Replay503Then200("router-503-then-200.json", "https://router.huggingface.co/hf-inference");

    private static async Task Replay503Then200(string file, string baseAddress)
    {
        var exchanges = RecordedExchange.Load(file);
        var handler = ScriptedHandler.Replaying(exchanges);
        var client = new ImageSegmentationClient(handler, new ImageSegmentationClientOptions
        {
            Token = "hf_secretTokenValue123",
            Model = Model,
            BaseAddress = new Uri(baseAddress),
        });
        // The recording sent JSON with base64 inputs: that is our body mode when parameters are given.
        var recordedBody = JsonDocument.Parse(exchanges[0].RequestBody!).RootElement;
        var image = Convert.FromBase64String(recordedBody.GetProperty("inputs").GetString()!);

        var segments = await client.SegmentAsync(image, new ImageSegmentationParameters());

        Assert.Equal(2, handler.Requests.Count);
        for (var i = 0; i < 2; i++)
        {
            var sent = handler.Requests[i];
            Assert.Equal(exchanges[i].Method, sent.Method.Method);
            Assert.Equal(exchanges[i].Url, sent.Uri.ToString());
            Assert.Equal("application/json", sent.ContentType);
            Assert.Equal("Bearer hf_secretTokenValue123", sent.Header("authorization"));
            var body = JsonDocument.Parse(sent.Body).RootElement;
            Assert.Equal(recordedBody.GetProperty("inputs").GetString(), body.GetProperty("inputs").GetString());
        }
        Assert.Null(handler.Requests[0].Header("x-wait-for-model"));
        Assert.Equal("true", handler.Requests[1].Header("x-wait-for-model"));

        var expected = JsonDocument.Parse(exchanges[1].ResponseBody).RootElement.EnumerateArray().ToList();
        Assert.Equal(expected.Count, segments.Count);
        Assert.Equal(2, segments.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("label").GetString(), segments[i].Label);
            Assert.Equal(expected[i].GetProperty("score").GetDouble(), segments[i].Score);
            Assert.Equal(expected[i].GetProperty("mask").GetString(), segments[i].Mask.ToString());
            Assert.Equal(new byte[] { 137, 80, 78, 71 }, segments[i].Mask.GetPngBytes().Take(4).ToArray());
        }
    }

    [RecordedFact]
    public async Task CatsPanopticSevenSegments()
    {
        var exchanges = RecordedExchange.Load("cats-panoptic-7-segments.json");
        var handler = ScriptedHandler.Replaying(exchanges);
        var client = new ImageSegmentationClient(handler, new ImageSegmentationClientOptions { Model = Model });

        var segments = await client.SegmentAsync(new byte[] { 0xFF, 0xD8, 0xFF }, cancellationToken: default);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(exchanges[0].Url, sent.Uri.ToString());
        Assert.Equal("application/octet-stream", sent.ContentType); // no parameters: the raw bytes are the body
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, sent.Body);
        Assert.Null(sent.Header("authorization"));
        Assert.Equal(new[] { "LABEL_199", "cat", "cat", "cat", "cat", "cat", "cat" }, segments.Select(s => s.Label));
        var expected = JsonDocument.Parse(exchanges[0].ResponseBody).RootElement.EnumerateArray().Select(e => e.GetProperty("score").GetDouble());
        Assert.Equal(expected, segments.Select(s => s.Score!.Value));
        Assert.Equal(0.986684, segments[0].Score);
    }

    [RecordedFact]
    public async Task Error400WithAListOfMessages()
    {
        var exchanges = RecordedExchange.Load("error-400-list.json");
        var client = new ImageSegmentationClient(ScriptedHandler.Replaying(exchanges), new ImageSegmentationClientOptions { Model = Model });

        var error = await Assert.ThrowsAsync<ApiException>(() => client.SegmentAsync(new byte[] { 1, 2, 3 }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(new[] { "Error in `inputs`: Invalid image: {}" }, error.Errors);
        Assert.False(error.IsLoading);
        Assert.Null(error.EstimatedTime);
        Assert.Contains("Invalid image", error.Message);
    }

    [RecordedFact]
    public async Task Loading503SurfacesAsTypedExceptionWhenRetryIsOff()
    {
        var exchanges = RecordedExchange.Load("panoptic-503-then-200.json");
        var client = new ImageSegmentationClient(ScriptedHandler.Replaying(exchanges.Take(1)), new ImageSegmentationClientOptions
        {
            Token = "hf_secretTokenValue123",
            Model = Model,
            LoadingRetry = { Enabled = false },
        });

        var error = await Assert.ThrowsAsync<ApiException>(() => client.SegmentAsync(new byte[] { 1 }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsLoading);
        Assert.Equal(TimeSpan.FromSeconds(20), error.EstimatedTime);
        Assert.Equal("NwoHcJTrB13DRm98-dgL7", error.RequestId);
        Assert.Equal(new[] { "Model facebook/detr-resnet-50-panoptic is currently loading" }, error.Errors);
        Assert.DoesNotContain("hf_secretTokenValue123", error.ToString());
    }
}
