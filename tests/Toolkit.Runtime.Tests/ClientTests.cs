using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Runtime.Validation;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>The generated client end to end over an in-process handler, on responses the tests make.</summary>
public sealed class ClientTests
{
    private static readonly byte[] Image = Encoding.ASCII.GetBytes("not really a jpeg, but bytes are bytes");

    private static (ImageSegmentationClient Client, ScriptedHandler Handler) Create(params Func<SentRequest, System.Net.Http.HttpResponseMessage>[] answers)
    {
        var handler = new ScriptedHandler(answers);
        var client = new ImageSegmentationClient(handler, new ImageSegmentationClientOptions
        {
            Token = "hf_abcDEF123",
            Model = "openmmlab/upernet-convnext-small",
        });
        return (client, handler);
    }

    [Fact]
    public async Task WithoutParametersTheImageIsTheRawBody()
    {
        var (client, handler) = Create(_ => Responses.Json(Responses.TwoSegments()));

        var segments = await client.SegmentAsync(Image);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("https://api-inference.huggingface.co/models/openmmlab/upernet-convnext-small", sent.Uri.ToString());
        Assert.Equal("application/octet-stream", sent.ContentType);
        Assert.Equal(Image, sent.Body);
        Assert.Equal("Bearer hf_abcDEF123", sent.Header("authorization"));
        Assert.Null(sent.Header("x-use-cache"));
        Assert.Equal(new[] { "person", "wall", "sky" }, segments.Select(s => s.Label));
        Assert.Equal(0.9, segments[0].Score);
        Assert.Null(segments[1].Score); // null (semantic) and absent (other providers) both read as null
        Assert.Null(segments[2].Score);
    }

    [Fact]
    public async Task WithParametersTheBodyIsJsonWithBase64InputsAndOnlySetParameters()
    {
        var (client, handler) = Create(_ => Responses.Json("[]"));

        await client.SegmentAsync(Image, new ImageSegmentationParameters { Subtask = ImageSegmentationSubtask.Panoptic, Threshold = 0.75 },
            new ImageSegmentationRequestOptions { UseCache = false, WaitForModel = true });

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("application/json", sent.ContentType);
        var body = JsonDocument.Parse(sent.Body).RootElement;
        Assert.Equal(Convert.ToBase64String(Image), body.GetProperty("inputs").GetString());
        var parameters = body.GetProperty("parameters");
        Assert.Equal("panoptic", parameters.GetProperty("subtask").GetString());
        Assert.Equal(0.75, parameters.GetProperty("threshold").GetDouble());
        Assert.Equal(2, parameters.EnumerateObject().Count()); // server defaults are documented, never sent
        Assert.Equal("false", sent.Header("x-use-cache"));
        Assert.Equal("true", sent.Header("x-wait-for-model"));
    }

    [Fact]
    public async Task StreamAndFileOverloadsSendTheSameBytes()
    {
        var (client, handler) = Create(_ => Responses.Json("[]"), _ => Responses.Json("[]"));
        var path = Path.Combine(Path.GetTempPath(), "toolkit-test-" + Guid.NewGuid().ToString("N") + ".bin");
        File.WriteAllBytes(path, Image);
        try
        {
            await client.SegmentAsync(new MemoryStream(Image));
            await client.SegmentFromFileAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.All(handler.Requests, r => Assert.Equal(Image, r.Body));
    }

    [Fact]
    public async Task RouterBaseAddressKeepsItsPath()
    {
        var (client, handler) = Create(_ => Responses.Json("[]"));
        client.Options.BaseAddress = new Uri("https://router.huggingface.co/hf-inference");

        await client.SegmentAsync(Image);

        Assert.Equal("https://router.huggingface.co/hf-inference/models/openmmlab/upernet-convnext-small", handler.Requests[0].Uri.ToString());
    }

    [Fact]
    public async Task InvalidRequestsReportEveryViolationAndSendNothing()
    {
        var (client, handler) = Create();

        var error = await Assert.ThrowsAsync<RequestValidationException>(() => client.SegmentAsync(ReadOnlyMemory<byte>.Empty,
            new ImageSegmentationParameters { Threshold = 1.5, MaskThreshold = double.NaN, OverlapMaskAreaThreshold = -0.1, Subtask = (ImageSegmentationSubtask)42 }));

        Assert.Empty(handler.Requests);
        Assert.Equal(
            new[] { "$.inputs", "$.parameters.mask_threshold", "$.parameters.overlap_mask_area_threshold", "$.parameters.subtask", "$.parameters.threshold" },
            error.Errors.Select(e => e.Path).OrderBy(p => p, StringComparer.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "$.parameters.threshold" && e.Message.Contains("between 0 and 1"));
        Assert.Contains(error.Errors, e => e.Path == "$.parameters.subtask" && e.Message.Contains("instance, panoptic, semantic"));
    }

    [Fact]
    public async Task MissingModelIsAClearError()
    {
        var client = new ImageSegmentationClient(new ScriptedHandler(), new ImageSegmentationClientOptions());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SegmentAsync(Image));
        Assert.Contains("ImageSegmentationClientOptions.Model", error.Message);
    }

    [Fact]
    public async Task LoadingIsRetriedWithWaitForModelThenSucceeds()
    {
        var (client, handler) = Create(_ => Responses.Loading(), _ => Responses.Json(Responses.TwoSegments()));

        var segments = await client.SegmentAsync(Image);

        Assert.Equal(3, segments.Count);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Null(handler.Requests[0].Header("x-wait-for-model"));
        Assert.Equal("true", handler.Requests[1].Header("x-wait-for-model"));
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
    }

    [Fact]
    public async Task LoadingRetriesAreBoundedByMaxAttempts()
    {
        var (client, handler) = Create(_ => Responses.Loading(), _ => Responses.Loading(), _ => Responses.Loading(), _ => Responses.Loading());
        client.Options.LoadingRetry.MaxAttempts = 3;

        var error = await Assert.ThrowsAsync<ApiException>(() => client.SegmentAsync(Image));

        Assert.Equal(3, handler.Requests.Count);
        Assert.True(error.IsLoading);
        Assert.Equal("req-1", error.RequestId);
    }

    [Fact]
    public async Task LoadingRetriesAreBoundedByTheTimeout()
    {
        var (client, handler) = Create(_ => Responses.Loading(), _ => Responses.Loading(60), _ => Responses.Loading(60));
        client.Options.LoadingRetry.MaxAttempts = 10;
        client.Options.LoadingRetry.Timeout = TimeSpan.FromMilliseconds(200);

        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => client.SegmentAsync(Image));

        Assert.Contains("still loading", error.Message);
        Assert.Equal("LoadingRetry.Timeout", error.Limit);
        Assert.Equal(2, handler.Requests.Count); // the second answer asked for 60 s: the timeout cut the wait short
    }

    [Fact]
    public async Task CallerCancellationWinsOverRetries()
    {
        var (client, _) = Create(_ => Responses.Loading(), _ => Responses.Loading(60), _ => Responses.Loading(60));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SegmentAsync(Image, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task ErrorsNeverCarryTheToken()
    {
        var (client, _) = Create(r => Responses.Json("{\"error\":\"bad token: " + r.Header("authorization") + "\"}", HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<ApiException>(() => client.SegmentAsync(Image));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.DoesNotContain("hf_abcDEF123", error.ToString());
        Assert.Contains("<redacted>", error.Message);
    }

    [Fact]
    public async Task NonJsonErrorBodiesAreQuoted()
    {
        var (client, _) = Create(_ => Responses.Json("<html>Bad gateway</html>", HttpStatusCode.BadGateway, "text/html"));
        var error = await Assert.ThrowsAsync<ApiException>(() => client.SegmentAsync(Image));
        Assert.Equal(new[] { "<html>Bad gateway</html>" }, error.Errors);
    }

    [Theory]
    [InlineData("[{\"label\":\"a\",\"mask\":\"AAAA\",\"score\":\"high\"}]", "$[0].score", "a number")]
    [InlineData("[{\"label\":\"a\",\"mask\":\"AAAA\"},{\"mask\":\"AAAA\"}]", "$[1]", "the required property 'label'")]
    [InlineData("[{\"label\":\"a\",\"mask\":null}]", "$[0].mask", "a base64 PNG string")]
    [InlineData("[{\"label\":\"a\",\"mask\":\"AAAA\"", "$[0]", "valid JSON")]
    [InlineData("{\"label\":\"a\"}", "$", "an array")]
    [InlineData("[{\"label\":\"a\",\"mask\":\"AAAA\"}] []", "$", "the end of the document")]
    [InlineData("[{\"label\":\"a\",\"mask\":\"AAAA\",\"score\":1e999}]", "$[0].score", "a number")]
    public async Task BadResponsesNameTheJsonPathAndWhatWasExpected(string body, string path, string expected)
    {
        var (client, _) = Create(_ => Responses.Json(body));

        var error = await Assert.ThrowsAsync<JsonPayloadException>(() => client.SegmentAsync(Image));

        Assert.Equal(path, error.Path);
        Assert.Equal(expected, error.Expected);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task WrongSuccessContentTypeIsReported()
    {
        var (client, _) = Create(_ => Responses.Json("<html></html>", HttpStatusCode.OK, "text/html"));
        var error = await Assert.ThrowsAsync<JsonPayloadException>(() => client.SegmentAsync(Image));
        Assert.Contains("text/html", error.Actual);
    }

    [Fact]
    public async Task ResponseValidationIsOptIn()
    {
        var body = "[{\"label\":\"a\",\"mask\":\"AAAA\",\"score\":1.7}]";
        var (lenient, _) = Create(_ => Responses.Json(body));
        Assert.Equal(1.7, (await lenient.SegmentAsync(Image))[0].Score);

        var (strict, _) = Create(_ => Responses.Json(body));
        strict.Options.ValidateResponses = true;
        var error = await Assert.ThrowsAsync<ResponseValidationException>(() => strict.SegmentAsync(Image));
        Assert.Equal("$[0].score", Assert.Single(error.Errors).Path);
    }
}
