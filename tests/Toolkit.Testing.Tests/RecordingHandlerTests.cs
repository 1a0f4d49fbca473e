using System.Text;
using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using SegmentationStandIn;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Recording;
using Toolkit.Testing.Tests.Infrastructure;
using Toolkit.Testing.Verification;
using Xunit;

namespace Toolkit.Testing.Tests;

public sealed class RecordingHandlerTests : IDisposable
{
    private const string Token = "hf_RoundTripSecret0123456789";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-recording-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string CassettePath(string name = "segment.json") => Path.Combine(_dir.FullName, name);

    private static byte[] Image => File.ReadAllBytes(Path.Combine(SharedData.RepoRoot, "samples", "SegmentImage", "assets", "shapes.png"));

    /// <summary>An inner handler that fails the test if anything reaches the network.</summary>
    private sealed class NoNetwork : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => throw new InvalidOperationException("Playback touched the network: " + request.RequestUri);
    }

    private static ImageSegmentationClient Client(HttpMessageHandler handler, Uri baseAddress)
        => new(handler, new ImageSegmentationClientOptions { BaseAddress = baseAddress, Model = "stand-in/model", Token = Token });

    [Fact]
    public async Task RecordThenReplayGivesIdenticalTypedResultsAndTheCassetteHoldsNoToken()
    {
        await using var server = await StandInServer.StartAsync();
        var parameters = new ImageSegmentationParameters { Subtask = ImageSegmentationSubtask.Panoptic };

        var recordOptions = new RecordingOptions { Mode = RecordingMode.Record, Contract = ImageSegmentationContract.Instance };
        using (var recorder = new RecordingHandler(CassettePath(), recordOptions, new SocketsHttpHandler()))
        {
            var live = await Client(recorder, server.BaseAddress).SegmentAsync(Image);
            var liveWithParameters = await Client(recorder, server.BaseAddress).SegmentAsync(Image, parameters);
            Assert.NotEmpty(live);
            Assert.NotEmpty(liveWithParameters);

            using var player = new RecordingHandler(CassettePath(), new RecordingOptions { Mode = RecordingMode.Playback }, new NoNetwork());
            var replayed = await Client(player, server.BaseAddress).SegmentAsync(Image);
            var replayedWithParameters = await Client(player, server.BaseAddress).SegmentAsync(Image, parameters);
            AssertSame(live, replayed);
            AssertSame(liveWithParameters, replayedWithParameters);
        }

        var text = File.ReadAllText(CassettePath());
        Assert.DoesNotContain(Token, text);
        Assert.DoesNotContain("hf_", text);
        Assert.Contains("\"Authorization\": \"<redacted>\"", text);
        var cassette = CassetteFile.Load(CassettePath());
        Assert.Equal(ImageSegmentationContract.Instance.SpecSha256, cassette.Spec!.Sha256);
        Assert.Equal(2, cassette.Exchanges.Count);
        // The stand-in keeps the contract it shares with the real service.
        var report = new ContractVerifier(ImageSegmentationContract.Instance).Verify(cassette, "segment.json");
        Assert.True(report.IsClean, report.ToText());
    }

    private static void AssertSame(System.Collections.Generic.IReadOnlyList<ImageSegmentationSegment> expected, System.Collections.Generic.IReadOnlyList<ImageSegmentationSegment> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Label, actual[i].Label);
            Assert.Equal(expected[i].Score, actual[i].Score);
            Assert.Equal(expected[i].Mask.Decode().ToBytes(), actual[i].Mask.Decode().ToBytes());
        }
    }

    [Fact]
    public async Task UnmatchedPlaybackFailsFastWithTheDifferences()
    {
        var recorded = Bodies.Exchange(200, Bodies.ValidSegments());
        var request = recorded.Request with
        {
            Url = "http://127.0.0.1:9/models/org/model?b=2&a=1",
            Headers = Bodies.Headers(("Content-Type", "application/json"), ("x-use-cache", "false")),
            Body = RecordedBody.FromText("{\"inputs\":\"AAAA\",\"parameters\":{\"threshold\":0.5}}"),
        };
        var cassette = Bodies.Cassette(recorded with { Request = request });
        CassetteFile.Save(cassette, CassettePath());

        using var handler = new RecordingHandler(CassettePath(), new RecordingOptions { Mode = RecordingMode.Playback }, new NoNetwork());
        using var http = new HttpClient(handler);
        // Query order does not matter; the body does.
        var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:9/models/org/model?a=1&b=2")
        {
            Content = new StringContent("{\"parameters\":{\"threshold\":0.75},\"inputs\":\"AAAA\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("x-use-cache", "true");
        var e = await Assert.ThrowsAsync<UnmatchedRequestException>(() => http.SendAsync(message));

        Assert.Equal(RecordingMode.Playback, e.Mode);
        Assert.NotNull(e.Closest);
        Assert.Equal(new[] { "header Content-Type", "header x-use-cache" }.Concat(new[] { "body" }),
            e.Differences.Select(d => d.Part.StartsWith("body", StringComparison.Ordinal) ? "body" : d.Part));
        var body = e.Differences.Single(d => d.Part.StartsWith("body", StringComparison.Ordinal));
        // Normalised: {"inputs":"AAAA","parameters":{"threshold":0.5}} vs ...0.75: first difference at offset 45.
        Assert.Contains("offset 45", body.Part);
        Assert.Contains("mode Playback", e.Message);
        Assert.Contains("Closest recorded request", e.Message);
        Assert.Contains("RecordingOptions.Mode", e.Message);
    }

    [Fact]
    public async Task PlaybackMatchesIgnoringQueryOrderAndJsonKeyOrderAndPlaysRepeatsInOrder()
    {
        var first = Bodies.Exchange(503, "{\"error\":\"loading\",\"estimated_time\":1.0}");
        var request = first.Request with
        {
            Url = "http://127.0.0.1:9/m?x=1&y=2",
            Headers = Bodies.Headers(("Content-Type", "application/json; charset=utf-8")),
            Body = RecordedBody.FromText("{\"a\": 1, \"b\": [true, null]}"),
        };
        var second = Bodies.Exchange(200, Bodies.ValidSegments()) with { Request = request };
        CassetteFile.Save(Bodies.Cassette(first with { Request = request }, second), CassettePath());

        using var handler = new RecordingHandler(CassettePath(), new RecordingOptions { Mode = RecordingMode.Playback }, new NoNetwork());
        using var http = new HttpClient(handler);
        HttpRequestMessage Message() => new(HttpMethod.Post, "http://127.0.0.1:9/m?y=2&x=1")
        {
            Content = new StringContent("{\"b\":[true,null],\"a\":1.0}", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.SendAsync(Message())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Message())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Message())).StatusCode); // the last match again
    }

    [Fact]
    public async Task PlaybackWithoutACassetteSaysSoAndHowToRecord()
    {
        Environment.SetEnvironmentVariable(RecordingModes.EnvironmentVariable, null);
        using var handler = new RecordingHandler(CassettePath("missing.json"), null, new NoNetwork());
        Assert.Equal(RecordingMode.Playback, handler.Mode);
        using var http = new HttpClient(handler);
        var e = await Assert.ThrowsAsync<UnmatchedRequestException>(() => http.GetAsync("http://127.0.0.1:9/x"));
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("TOOLKIT_RECORDING_MODE=Auto", e.Message);
        Assert.False(File.Exists(CassettePath("missing.json")));
    }

    [Fact]
    public async Task AutoRecordsOnlyWhatIsMissing()
    {
        await using var server = await StandInServer.StartAsync();
        var sent = new int[1];
        // A handler disposes its inner handler, so each gets its own counter over one shared count.
        using (var handler = new RecordingHandler(CassettePath(), new RecordingOptions { Mode = RecordingMode.Auto }, new CountingHandler(new SocketsHttpHandler(), sent)))
        {
            await Client(handler, server.BaseAddress).SegmentAsync(Image);
            await Client(handler, server.BaseAddress).SegmentAsync(Image, new ImageSegmentationParameters { Threshold = 0.5 });
        }
        Assert.Equal(2, sent[0]);
        using (var handler = new RecordingHandler(CassettePath(), new RecordingOptions { Mode = RecordingMode.Auto }, new CountingHandler(new SocketsHttpHandler(), sent)))
        {
            await Client(handler, server.BaseAddress).SegmentAsync(Image);
            await Client(handler, server.BaseAddress).SegmentAsync(Image, new ImageSegmentationParameters { Threshold = 0.25 });
        }
        Assert.Equal(3, sent[0]);
        Assert.Equal(3, CassetteFile.Load(CassettePath()).Exchanges.Count);
    }

    private sealed class CountingHandler(HttpMessageHandler inner, int[] count) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count[0]);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Theory]
    [InlineData("playback", RecordingMode.Playback)]
    [InlineData("RECORD", RecordingMode.Record)]
    [InlineData(" auto ", RecordingMode.Auto)]
    [InlineData("Live", RecordingMode.Live)]
    public void ModeNamesParse(string name, RecordingMode mode) => Assert.Equal(mode, RecordingModes.Parse(name));

    [Fact]
    public void UnknownModeNamesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => RecordingModes.Parse("replay"));
        Assert.Contains("Playback, Record, Auto, Live", e.Message);
    }

    [Fact]
    public void TheEnvironmentVariableSetsTheModeAndAnUnknownValueIsAnError()
    {
        try
        {
            Environment.SetEnvironmentVariable(RecordingModes.EnvironmentVariable, "auto");
            using (var handler = new RecordingHandler(CassettePath("env.json"), null, new NoNetwork())) Assert.Equal(RecordingMode.Auto, handler.Mode);
            using (var handler = new RecordingHandler(CassettePath("env.json"), new RecordingOptions { Mode = RecordingMode.Live }, new NoNetwork())) Assert.Equal(RecordingMode.Live, handler.Mode);
            Environment.SetEnvironmentVariable(RecordingModes.EnvironmentVariable, "sometimes");
            var e = Assert.Throws<InvalidOperationException>(() => new RecordingHandler(CassettePath("env.json"), null, new NoNetwork()));
            Assert.Contains("TOOLKIT_RECORDING_MODE", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(RecordingModes.EnvironmentVariable, null);
        }
    }
    [Fact]
    public async Task RecordingAnEndlessBodyStopsAtTheLimit()
    {
        await using var server = Toolkit.Tests.Shared.HostileServer.Start(async (_, r) =>
        {
            await r.HeadAsync(200, "OK", ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"));
            await r.EndlessChunkedAsync(new byte[64 * 1024]);
        });
        var options = new RecordingOptions { Mode = RecordingMode.Record, MaxBodyBytes = 1024 * 1024 };
        using var recorder = new RecordingHandler(CassettePath("endless.json"), options, new SocketsHttpHandler());
        using var http = new HttpClient(recorder);
        var error = await Assert.ThrowsAsync<Toolkit.Runtime.Errors.ResponseTooLargeException>(() => http.GetAsync(server.Address));
        Assert.Equal("MaxBodyBytes", error.Limit);
        Assert.Empty(recorder.Cassette.Exchanges);
        var written = await server.ConnectionsDoneAsync(TimeSpan.FromSeconds(10));
        Assert.True(written.Single() < 32L * 1024 * 1024, $"the server wrote {written.Single()} bytes");
    }

    [Fact]
    public async Task TheInMemoryCassetteHoldsNoCredential()
    {
        await using var server = Toolkit.Tests.Shared.HostileServer.Start((_, r) => r.AnswerAsync(200, "OK", Encoding.UTF8.GetBytes("[]"), ("Content-Type", "application/json")));
        using var recorder = new RecordingHandler(CassettePath("memory.json"), new RecordingOptions { Mode = RecordingMode.Record }, new SocketsHttpHandler());
        await Client(recorder, server.Address).SegmentAsync(new byte[] { 1 });
        var exchange = Assert.Single(recorder.Cassette.Exchanges);
        Assert.Equal("<redacted>", exchange.Request.Headers["Authorization"]);
        Assert.Equal("Bearer " + Token, Assert.Single(server.Requests).Header("authorization")); // the service still got it
    }
}
