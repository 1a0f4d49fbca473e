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
using HuggingFace.Inference;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// How long a stream of events may run: once its headers came, a healthy stream runs as long as events come (the
/// attempt and call timeouts, and HttpClient's, covered only the wait for the headers); a stalled one ends after
/// <c>StreamIdleTimeout</c> without an event; a whole-stream deadline applies only when the caller sets
/// <c>StreamTimeout</c>. Timings are generous for a loaded 2-core machine and still fail on the old behaviour.
/// </summary>
public sealed class StreamLimitsTests
{
    private const string Model = "meta-llama/Llama-3.1-8B-Instruct";

    private static ChatCompletionRequest Request() => new()
    {
        Messages = new[] { new ChatCompletionInputMessage { Role = "user", Content = "Hi" } },
    };

    private static byte[] Event(int i) => Encoding.UTF8.GetBytes("data: " +
        $$"""{"object":"chat.completion.chunk","id":"","created":1,"model":"m","system_fingerprint":"f","choices":[{"index":0,"delta":{"role":"assistant","content":"t{{i}}"},"logprobs":null,"finish_reason":null}],"usage":null}"""
        + "\n\n");

    /// <summary>
    /// A server that sends <paramref name="count"/> events <paramref name="interval"/> apart, then <c>[DONE]</c>; with
    /// <paramref name="stall"/>, it first holds the connection open sending nothing until that task ends.
    /// </summary>
    private static HostileServer Server(int count, TimeSpan interval, Task? stall = null) => HostileServer.Start(async (_, r) =>
    {
        r.Closed = true;
        await r.HeadAsync(200, "OK", ("Content-Type", "text/event-stream"), ("Connection", "close"));
        for (var i = 0; i < count; i++)
        {
            await r.WriteAsync(Event(i));
            await Task.Delay(interval);
        }
        if (stall is not null) await stall.WaitAsync(TimeSpan.FromSeconds(50));
        await r.WriteAsync("data: [DONE]\n\n"u8.ToArray());
    });

    private static async Task<List<string?>> Read(HfInferenceClient client, List<string?>? into = null, TimeSpan? perEvent = null)
    {
        var read = into ?? new List<string?>();
        using var never = new CancellationTokenSource(TimeSpan.FromSeconds(45)); // never a hang
        await foreach (var chunk in client.ChatCompletionStreamAsync(Model, Request(), cancellationToken: never.Token))
        {
            read.Add(chunk.Choices[0].Delta.AsTextMessage?.Content);
            if (perEvent is { } wait) await Task.Delay(wait);
        }
        return read;
    }

    /// <summary>
    /// Events every 50 ms for about 3 s, where every call limit is 1 s (the attempt, the call, and HttpClient's own
    /// timeout): all limits that used to cut the stream as a whole deadline.
    /// </summary>
    [Fact]
    public async Task AHealthyStreamOutlivesTheAttemptAndCallTimeouts()
    {
        await using var server = Server(60, TimeSpan.FromMilliseconds(50));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var options = new HfInferenceClientOptions { BaseAddress = server.Address, Token = "hf_StreamLimits1" };
        options.Limits.AttemptTimeout = TimeSpan.FromSeconds(1);
        options.Limits.TotalTimeout = TimeSpan.FromSeconds(1);
        var read = await Read(new HfInferenceClient(http, options));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => "t" + i), read);
    }

    [Fact]
    public async Task AStalledStreamEndsAtTheIdleTimeoutAfterItsEvents()
    {
        var stall = new TaskCompletionSource();
        await using var server = Server(3, TimeSpan.FromMilliseconds(10), stall.Task);
        using var http = new HttpClient();
        var options = new HfInferenceClientOptions { BaseAddress = server.Address, Token = "hf_StreamLimits1" };
        options.Limits.StreamIdleTimeout = TimeSpan.FromSeconds(1);
        var read = new List<string?>();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => Read(new HfInferenceClient(http, options), read));
        stall.SetResult();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}"); // the stall would last 50 s
        Assert.Equal(new[] { "t0", "t1", "t2" }, read);
        Assert.Equal("StreamIdleTimeout", error.Limit);
        Assert.Equal(TimeSpan.FromSeconds(1), error.Timeout);
        Assert.Contains("No event came for StreamIdleTimeout (1 s) after 3 event(s)", error.Message);
    }

    /// <summary>The caller taking its time over each event is not the stream stalling.</summary>
    [Fact]
    public async Task TimeSpentOnAnEventIsNotIdleTime()
    {
        var body = string.Concat(Enumerable.Range(0, 3).Select(i => Encoding.UTF8.GetString(Event(i)))) + "data: [DONE]\n\n";
        var options = new HfInferenceClientOptions { Token = "hf_StreamLimits1" };
        options.Limits.StreamIdleTimeout = TimeSpan.FromMilliseconds(300);
        var client = new HfInferenceClient(new ScriptedHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return response;
        }), options);
        var read = await Read(client, perEvent: TimeSpan.FromMilliseconds(600));
        Assert.Equal(new[] { "t0", "t1", "t2" }, read);
    }

    [Fact]
    public async Task AWholeStreamDeadlineAppliesOnlyWhenTheCallerSetsOne()
    {
        await using var server = Server(1000, TimeSpan.FromMilliseconds(50)); // 50 s of lively events
        using var http = new HttpClient();
        var options = new HfInferenceClientOptions { BaseAddress = server.Address, Token = "hf_StreamLimits1" };
        Assert.Equal(Timeout.InfiniteTimeSpan, options.Limits.StreamTimeout); // none by default
        options.Limits.StreamTimeout = TimeSpan.FromSeconds(1.5);
        var read = new List<string?>();
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => Read(new HfInferenceClient(http, options), read));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal("StreamTimeout", error.Limit);
        Assert.NotEmpty(read);
        Assert.Contains($"closed after {read.Count} event(s)", error.Message);
    }

    /// <summary>The size bound of a whole stream says how far the stream got, not that nothing was read.</summary>
    [Fact]
    public async Task AStreamOverTheSizeLimitSaysHowManyEventsCame()
    {
        var one = Event(1);
        var options = new HfInferenceClientOptions { Token = "hf_StreamLimits1" };
        options.Limits.MaxResponseBytes = 256 * 1024;
        var client = new HfInferenceClient(new ScriptedHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new Repeating(one)) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return response;
        }), options);
        var read = new List<string?>();
        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => Read(client, read));
        Assert.Equal("MaxResponseBytes", error.Limit);
        Assert.True(read.Count > 1000, $"{read.Count} events");
        Assert.DoesNotContain("it was not read", error.Message);
        Assert.Contains($"after {read.Count} event(s) had been read", error.Message);
    }

    /// <summary>An endless body: the same bytes again and again.</summary>
    private sealed class Repeating(byte[] unit) : Stream
    {
        private long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++, _position++) buffer[offset + i] = unit[_position % unit.Length];
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
