using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Acme.Inference;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Recording;
using Xunit;

namespace Toolkit.Testing.Tests;

/// <summary>Recording a stream passes it through as it arrives, keeps it byte for byte with its timing, and plays it back paced.</summary>
public sealed class StreamRecordingTests
{
    private static readonly string[] Events = { "{\"delta\":\"a\"}", "{\"delta\":\"b\"}", "{\"delta\":\"c\"}" };
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(150);

    private static string Body => string.Concat(Events.Select(e => "data: " + e + "\n\n")) + "data: [DONE]\n\n";

    /// <summary>A service that produces the events one by one, <see cref="Gap"/> apart.</summary>
    private sealed class SlowStream : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new Dripping()), RequestMessage = request };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(response);
        }

        private sealed class Dripping : Stream
        {
            private readonly Queue<byte[]> _parts = new(Events.Select(e => Encoding.UTF8.GetBytes("data: " + e + "\n\n")).Append(Encoding.UTF8.GetBytes("data: [DONE]\n\n")));
            private bool _first = true;

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (_parts.Count == 0) return 0;
                if (!_first) await Task.Delay(Gap, cancellationToken);
                _first = false;
                var part = _parts.Dequeue();
                part.CopyTo(buffer);
                return part.Length;
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => 0; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }

    private static async Task<List<(string? Delta, long Ms)>> Chat(HttpMessageHandler handler)
    {
        var client = new AcmeInferenceClient(handler, new AcmeInferenceClientOptions { Model = "m", Token = "hf_RecordStream1" });
        var clock = Stopwatch.StartNew();
        var read = new List<(string?, long)>();
        await foreach (var e in client.ChatStreamAsync(null, new ChatRequest { Messages = new[] { "hi" } })) read.Add((e.Delta, clock.ElapsedMilliseconds));
        return read;
    }

    [Fact]
    public async Task ARecordedStreamPassesThroughAndPlaysBackAtItsPace()
    {
        var path = Path.Combine(Path.GetTempPath(), "toolkit-stream-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            List<(string? Delta, long Ms)> live;
            using (var recorder = new RecordingHandler(path, new RecordingOptions { Mode = RecordingMode.Record, Operation = "chat" }, new SlowStream()))
            {
                live = await Chat(recorder);
            }
            Assert.Equal(new[] { "a", "b", "c" }, live.Select(e => e.Delta));
            // The first event reached the caller long before the last was produced: the recorder did not buffer.
            Assert.True(live[2].Ms - live[0].Ms >= 2 * Gap.TotalMilliseconds - 30, string.Join(", ", live));

            var cassette = CassetteFile.Load(path);
            var exchange = Assert.Single(cassette.Exchanges);
            Assert.Equal("chat", exchange.Operation);
            Assert.Equal(Body, Encoding.UTF8.GetString(exchange.Response.Body!.Bytes.Span));
            Assert.True(exchange.Response.Timing.Count >= 4);
            Assert.Equal(Encoding.UTF8.GetByteCount(Body), exchange.Response.Timing[^1].Offset);
            Assert.True(exchange.Response.Timing[^1].Milliseconds >= 3 * Gap.TotalMilliseconds - 30);
            Assert.DoesNotContain("hf_RecordStream1", File.ReadAllText(path));

            // Played back paced, the events come as they came; unpaced, at once.
            using (var paced = new RecordingHandler(path, new RecordingOptions { Mode = RecordingMode.Playback, PaceStreams = true }, new NoNetwork()))
            {
                var replayed = await Chat(paced);
                Assert.Equal(new[] { "a", "b", "c" }, replayed.Select(e => e.Delta));
                // Measured from the call's start, not from the first event: a busy machine can hand the first event late
                // (it did: a and b at 303 ms, c at 393 ms), but pacing never hands the third before its recorded two gaps.
                Assert.True(replayed[2].Ms >= 2 * Gap.TotalMilliseconds - 50, string.Join(", ", replayed));
            }
            using (var fast = new RecordingHandler(path, new RecordingOptions { Mode = RecordingMode.Playback }, new NoNetwork()))
            {
                var replayed = await Chat(fast);
                Assert.Equal(new[] { "a", "b", "c" }, replayed.Select(e => e.Delta));
                Assert.True(replayed[2].Ms - replayed[0].Ms < Gap.TotalMilliseconds, string.Join(", ", replayed));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TimingThatGoesBackIsAFormatError()
    {
        var json = """
            { "format": "toolkit-cassette", "formatVersion": 1, "recorded": "2026-01-01T00:00:00Z",
              "exchanges": [ { "request": { "method": "POST", "url": "https://x.test/a", "headers": {} },
                               "response": { "status": 200, "headers": {}, "body": { "text": "data: 1\n\n" }, "timing": [[4, 10], [2, 20]] } } ] }
            """;
        var error = Assert.Throws<CassetteFormatException>(() => CassetteFile.Read(Encoding.UTF8.GetBytes(json), "t.json"));
        Assert.Contains("timing[1]", error.Message);
    }

    private sealed class NoNetwork : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => throw new InvalidOperationException("no network in playback");
    }
}
