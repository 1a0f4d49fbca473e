using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.Inference;
using HuggingFace.Inference.ImageSegmentation;
using Microsoft.Extensions.Time.Testing;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Streams;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Runtime.Transport;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// What a call costs besides its answer, and that cutting it loses nothing: the strings a stream repeats are made once,
/// the streamed request is written once, a completion's body goes back to the pool only when nothing keeps it, and one
/// clock times every limit of a call.
/// </summary>
public sealed class PerCallCostTests
{
    private const string Model = "meta-llama/Llama-3.1-8B-Instruct";

    private static ChatCompletionRequest ChatRequest() => new()
    {
        Messages = new[] { new ChatCompletionInputMessage { Role = "user", Content = "What is deep learning?" } },
    };

    private static string Chunk(string model, string fingerprint, string content, string role = "assistant")
        => $$"""{"object":"chat.completion.chunk","id":"","created":1742565776,"model":{{Quote(model)}},"system_fingerprint":{{Quote(fingerprint)}},"choices":[{"index":0,"delta":{"role":{{Quote(role)}},"content":{{Quote(content)}}},"logprobs":null,"finish_reason":null}],"usage":null}""";

    /// <summary>A JSON string of <paramref name="value"/>, non-ASCII text as UTF-8 (unescaped, as services send it).</summary>
    private static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    private static HttpResponseMessage EventStream(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static byte[] Events(IEnumerable<string> data)
        => Encoding.UTF8.GetBytes(string.Concat(data.Select(d => "data: " + d + "\n\n")) + "data: [DONE]\n\n");

    private static async Task<List<ChatCompletionStreamOutput>> Stream(byte[] body)
    {
        var client = new HfInferenceClient(new ScriptedHandler(_ => EventStream(body)), new HfInferenceClientOptions { Token = "hf_PerCall1" });
        var events = new List<ChatCompletionStreamOutput>();
        await foreach (var chunk in client.ChatCompletionStreamAsync(Model, ChatRequest())) events.Add(chunk);
        return events;
    }

    [Fact]
    public async Task AValueEveryEventRepeatsIsOneStringForTheWholeStream()
    {
        var events = await Stream(Events(new[] { " Deep", " learning", " is" }.Select(c => Chunk(Model, "3.2.1-native", c))));

        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Same(events[0].Model, e.Model));
        Assert.All(events, e => Assert.Same(events[0].SystemFingerprint, e.SystemFingerprint));
        Assert.All(events, e => Assert.Same(events[0].Choices[0].Delta.AsTextMessage!.Role, e.Choices[0].Delta.AsTextMessage!.Role));
        Assert.Equal(new[] { " Deep", " learning", " is" }, events.Select(e => e.Choices[0].Delta.AsTextMessage!.Content));
        Assert.Null(JsonStringTable.Current); // current only while an event is read
    }

    [Fact]
    public async Task DistinctValuesAreNeverTakenForEachOther()
    {
        // Values of every length around the table's bound, multi-byte text, escapes that spell a stored value, and values
        // that differ in one byte only: each event reads back exactly what was sent.
        var values = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            var length = 1 + i % 70;
            var text = new StringBuilder().Append((char)('a' + i % 26)).Append('é', i % 3).Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            while (text.Length < length) text.Append((char)('A' + (i + text.Length) % 26));
            values.Add(text.ToString());
            values.Add(text.ToString()); // seen again: the stored string
        }
        var data = values.Select((v, i) => Chunk(v, values[(i * 7) % values.Count], i % 5 == 0 ? "\u00e9" : "x" + v)).ToList();
        data.Add("""{"object":"chat.completion.chunk","id":"","created":1,"model":"\u0061\u0062","system_fingerprint":"ab","choices":[{"index":0,"delta":{"role":"ab","content":"a\nb"},"logprobs":null,"finish_reason":null}],"usage":null}""");

        var events = await Stream(Events(data));

        Assert.Equal(data.Count, events.Count);
        for (var i = 0; i < values.Count; i++)
        {
            Assert.Equal(values[i], events[i].Model);
            Assert.Equal(values[(i * 7) % values.Count], events[i].SystemFingerprint);
            Assert.Equal(i % 5 == 0 ? "\u00e9" : "x" + values[i], events[i].Choices[0].Delta.AsTextMessage!.Content);
        }
        Assert.Equal("ab", events[^1].Model);
        Assert.Equal("a\nb", events[^1].Choices[0].Delta.AsTextMessage!.Content);
    }

    [Fact]
    public async Task InvalidTextInAStreamIsAnErrorNamingItsEventAndPath()
    {
        var good = Encoding.UTF8.GetBytes(Chunk("model-\u00e9", "fp", "x"));
        var bad = Encoding.UTF8.GetBytes(Chunk("model-\u00ff", "fp", "x"));
        var at = bad.AsSpan().IndexOf("\u00ff"u8);
        bad[at] = 0xff; // an invalid lead byte where a valid two-byte value was
        bad[at + 1] = (byte)'b';
        var body = new MemoryStream();
        foreach (var data in new[] { good, good, bad })
        {
            body.Write("data: "u8);
            body.Write(data);
            body.Write("\n\n"u8);
        }
        body.Write("data: [DONE]\n\n"u8);

        var error = await Assert.ThrowsAsync<EventStreamException>(() => Stream(body.ToArray()));

        Assert.Equal(2, error.EventIndex);
        Assert.Contains("$.model", error.Message);
    }

    [Fact]
    public void InvalidTextInTheSlotOfAValidValueOfItsLengthIsNeverThatValue()
    {
        var invalid = new byte[] { (byte)'"', 0xff, (byte)'b', (byte)'"' };
        var slot = JsonStringTable.Slot(invalid.AsSpan(1, 2));
        // A valid value of the same length in the same slot: the table holds it when the invalid one comes.
        var valid = Enumerable.Range('a', 26).SelectMany(a => Enumerable.Range('a', 26).Select(b => $"{(char)a}{(char)b}"))
            .First(v => JsonStringTable.Slot(Encoding.UTF8.GetBytes(v)) == slot);
        var table = JsonStringTable.Rent();
        try
        {
            Assert.Equal(valid, Read(table, Encoding.UTF8.GetBytes("\"" + valid + "\"")));
            Assert.Throws<InvalidOperationException>(() => Read(table, invalid));
            Assert.Throws<InvalidOperationException>(() => Read(table, invalid)); // nothing of it was stored
            Assert.Equal(valid, Read(table, Encoding.UTF8.GetBytes("\"" + valid + "\"")));
        }
        finally
        {
            JsonStringTable.Return(table);
        }

        static string Read(JsonStringTable table, byte[] json)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return table.GetString(ref reader);
        }
    }

    [Fact]
    public void AValueSeenAgainAndAgainKeepsItsSlotAgainstOneOffValues()
    {
        var table = JsonStringTable.Rent();
        try
        {
            var instances = new HashSet<string>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < 2000; i++)
            {
                instances.Add(Read(table, "\"" + Model + "\""));
                Read(table, "\"one-off " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"");
            }
            Assert.True(instances.Count <= 2, $"the model id was made {instances.Count} times in 2,000 reads");
        }
        finally
        {
            JsonStringTable.Return(table);
        }

        static string Read(JsonStringTable table, string json)
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            return table.GetString(ref reader);
        }
    }

    [Fact]
    public void AUnionOfTwoOrThreeObjectVariantsIsToldApartWithoutAnArray()
    {
        var json = Encoding.UTF8.GetBytes("""{"role":"assistant","tool_calls":[{"content":1}],"content":"x"}""");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        JsonPath path = "$";
        Assert.Equal(1, JsonReading.PeekMarker(reader, path, "content", "tool_calls")); // warm: the first call may load types
        Assert.Equal(1, JsonReading.PeekMarker(reader, path, "content", "tool_calls", "refusal"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var two = JsonReading.PeekMarker(reader, path, "content", "tool_calls");
        var three = JsonReading.PeekMarker(reader, path, "refusal", "content", "tool_calls");
        var none = JsonReading.PeekMarker(reader, path, "refusal", "audio");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((1, 2, -1), (two, three, none));
        Assert.Equal(0, allocated); // a params array would be 40 bytes a value read
        Assert.Equal(3, JsonReading.PeekMarker(reader, path, "a", "b", "c", "content")); // more: the params form
    }

    private static HttpRequestMessage WithBody(string json, out HttpContent content)
    {
        var writer = new PooledBufferWriter(json.Length);
        Encoding.UTF8.GetBytes(json, writer);
        content = writer.ToContent("application/json");
        return new HttpRequestMessage(HttpMethod.Post, "https://example.test/") { Content = content };
    }

    [Theory]
    [InlineData("{}", """{"stream":true}""")]
    [InlineData("""{"a":1}""", """{"a":1,"stream":true}""")]
    [InlineData("""{"stream":false,"a":1}""", """{"a":1,"stream":true}""")]
    [InlineData("""{"a":1,"stream":null,"b":[1,{"stream":2}]}""", """{"a":1,"b":[1,{"stream":2}],"stream":true}""")]
    [InlineData("""{"stream":false}""", """{"stream":true}""")]
    [InlineData("""{"a":"}","str\u0065am":false}""", """{"a":"}","stream":true}""")]
    [InlineData(" { \"stream\" : false , \"a\" : { } } ", " { \"a\" : { } ,\"stream\":true} ")]
    public async Task TheStreamedRequestIsTheWholeFormsBufferWithTheFieldSet(string whole, string streamed)
    {
        using var message = WithBody(whole, out var content);
        var lengthBefore = content.Headers.ContentLength; // asked for before: the header must not keep it

        StreamRequests.SetTrue(message, "stream", "application/json", 0, static (_, _) => throw new InvalidOperationException("written twice"));

        Assert.Same(content, message.Content); // written once: no second body
        var sent = await message.Content!.ReadAsByteArrayAsync();
        Assert.Equal(streamed, Encoding.UTF8.GetString(sent));
        Assert.Equal(sent.Length, message.Content.Headers.ContentLength);
        Assert.Equal(Encoding.UTF8.GetByteCount(whole), lengthBefore);
        using var parsed = JsonDocument.Parse(sent);
        Assert.True(parsed.RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task AWholeFormThatFillsItsBufferGrowsIt()
    {
        var pad = new string('x', 4096 - """{"a":""}""".Length);
        var writer = new PooledBufferWriter(4096);
        Encoding.UTF8.GetBytes("{\"a\":\"" + pad + "\"}", writer);
        Assert.Equal(4096, writer.WrittenSpan.Length);
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://example.test/") { Content = writer.ToContent("application/json") };

        StreamRequests.SetTrue(message, "stream", "application/json", 0, static (_, _) => throw new InvalidOperationException("written twice"));

        Assert.Equal("{\"a\":\"" + pad + "\",\"stream\":true}", await message.Content!.ReadAsStringAsync());
    }

    [Fact]
    public void ABodyThatIsNoObjectIsRefused()
    {
        using var message = WithBody("[1]", out _);
        Assert.Throws<ArgumentException>(() => StreamRequests.SetTrue(message, "stream", "application/json", 0, static (_, _) => { }));
    }

    private static byte[] PaddedCompletion(int padding)
        => Encoding.UTF8.GetBytes($$$"""{"object":"chat.completion","padding":"{{{new string('p', padding)}}}","id":"","created":4102444800,"model":"m","system_fingerprint":"f","choices":[{"index":0,"message":{"role":"assistant","content":"Deep learning."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""");

    [Fact]
    public async Task ACompletionsBodyGoesBackToThePoolOnceItWasRead()
    {
        // 200 KB the reader skips: what the call allocates besides the answer's values is then the body, or not.
        var body = PaddedCompletion(200_000);
        var client = new HfInferenceClient(new ScriptedHandler(_ => Responses.Bytes(body, "application/json"), _ => Responses.Bytes(body, "application/json")),
            new HfInferenceClientOptions { Token = "hf_PerCall1" });
        var request = ChatRequest();
        var first = await client.ChatCompletionAsync(Model, request); // the pool's first buffer of this size is new

        // The in-memory answer completes every await at once, so the call runs on this thread and its count is whole.
        var thread = Environment.CurrentManagedThreadId;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var second = await client.ChatCompletionAsync(Model, request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(thread, Environment.CurrentManagedThreadId);

        Assert.Equal("Deep learning.", second.Choices[0].Message.AsTextMessage!.Content);
        Assert.Equal(4102444800, second.Created); // after 2038
        Assert.True(allocated < body.Length / 4, $"the call allocated {allocated} bytes for a body of {body.Length}");
    }

    [Fact]
    public async Task MasksKeepTheirBodyOutOfThePool()
    {
        var handler = new ScriptedHandler(_ => Responses.Json(Responses.TwoSegments()));
        var client = new ImageSegmentationClient(handler, new ImageSegmentationClientOptions { Model = "m", Token = "hf_PerCall1" });
        var segments = await client.SegmentAsync(Encoding.ASCII.GetBytes("image"));

        // Had the body gone back to the pool, the next buffers of its size rented here would be it: scribble on them.
        var length = Encoding.UTF8.GetByteCount(Responses.TwoSegments());
        var rented = Enumerable.Range(0, 8).Select(_ => ArrayPool<byte>.Shared.Rent(length + 1)).ToList();
        foreach (var buffer in rented) buffer.AsSpan().Fill((byte)'!');
        foreach (var buffer in rented) ArrayPool<byte>.Shared.Return(buffer);

        Assert.All(segments, s => Assert.Equal(16, s.Mask.Decode().Area));
    }

    [Fact]
    public async Task ARawBodyStaysTheCallers()
    {
        var image = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var client = new HfInferenceClient(new ScriptedHandler(_ => Responses.Bytes(image, "image/png")), new HfInferenceClientOptions { Token = "hf_PerCall1" });
        var answer = await client.ImageToImageAsync("m", new ImageToImageRequest { Inputs = new byte[] { 1, 2, 3 } });

        var rented = Enumerable.Range(0, 8).Select(_ => ArrayPool<byte>.Shared.Rent(image.Length + 1)).ToList();
        foreach (var buffer in rented) buffer.AsSpan().Fill(0);
        foreach (var buffer in rented) ArrayPool<byte>.Shared.Return(buffer);

        Assert.Equal(image, answer.ToArray());
    }

    [Fact]
    public async Task CallsForOneModelShareTheirUriAndMethod()
    {
        var answer = PaddedCompletion(0);
        var handler = new ScriptedHandler(_ => Responses.Bytes(answer, "application/json"), _ => Responses.Bytes(answer, "application/json"), _ => Responses.Bytes(answer, "application/json"));
        var client = new HfInferenceClient(handler, new HfInferenceClientOptions { Token = "hf_PerCall1" });
        await client.ChatCompletionAsync(Model, ChatRequest());
        await client.ChatCompletionAsync(Model, ChatRequest());
        await client.ChatCompletionAsync("other/model", ChatRequest());

        Assert.Same(handler.Requests[0].Uri, handler.Requests[1].Uri); // made once, not parsed again each call
        Assert.Equal($"https://router.huggingface.co/hf-inference/models/{Model}/v1/chat/completions", handler.Requests[1].Uri.AbsoluteUri);
        Assert.Equal("https://router.huggingface.co/hf-inference/models/other/model/v1/chat/completions", handler.Requests[2].Uri.AbsoluteUri);
        Assert.All(handler.Requests, r => Assert.Same(HttpMethod.Post, r.Method));
    }

    [Fact]
    public void AUriIsSharedOnlyForTheSameBaseAddressAndPathWithoutAQuery()
    {
        var a = new Uri("https://a.example/v1/");
        var b = new Uri("https://a.example/v2");
        Assert.Same(ApiPaths.Combine(a, "/x/y"), ApiPaths.Combine(a, "/x/" + "y".ToString()));
        Assert.Equal("https://a.example/v1/x/y", ApiPaths.Combine(a, "/x/y").AbsoluteUri);
        Assert.Equal("https://a.example/v2/x/y", ApiPaths.Combine(b, "/x/y").AbsoluteUri);
        Assert.Equal("https://a.example/v1/x/z", ApiPaths.Combine(a, "/x/z").AbsoluteUri);
        Assert.Equal("https://a.example/v2", ApiPaths.Combine(b, "/").AbsoluteUri);
        Assert.NotSame(ApiPaths.Combine(a, "/x?k=1"), ApiPaths.Combine(a, "/x?k=1"));
        // Many paths through the bounded table: each still gets its own URI.
        for (var i = 0; i < 200; i++)
        {
            var path = "/p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("https://a.example/v1" + path, ApiPaths.Combine(a, path).AbsoluteUri);
        }
    }

    [Theory]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct")]
    [InlineData("a~b_c.d-e", "a~b_c.d-e")]
    [InlineData("", "")]
    [InlineData("a//b", "a//b")]
    [InlineData("org/na me", "org/na%20me")]
    [InlineData("org/n%2F", "org/n%252F")]
    [InlineData("ü/x?y#z", "%C3%BC/x%3Fy%23z")]
    public void APathValueIsEscapedPartByPart(string value, string escaped)
    {
        var result = ApiPaths.Escape(value, allowSlashes: true);
        Assert.Equal(escaped, result);
        if (value == escaped) Assert.Same(value, result); // nothing to escape: the value itself, no new string
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/./b")]
    [InlineData("a/..")]
    [InlineData("../x y")]
    [InlineData("x y/.")]
    public void ADotSegmentIsRefusedEscapedOrNot(string value)
        => Assert.Throws<ArgumentException>(() => ApiPaths.Escape(value, allowSlashes: true));

    /// <summary>A body that never ends: each read waits until it is cancelled.</summary>
    private sealed class StalledStream : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task TheLoadingRetrysTimeoutWhileTheAnswerIsReadIsATypedTimeout()
    {
        // The retry's answer came, but its body stalls past the loading retry's timeout: that limit ended the call.
        var stalled = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StalledStream()) };
        stalled.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var handler = new ScriptedHandler(_ => Responses.Loading(), _ => stalled);
        var client = new ImageSegmentationClient(handler, new ImageSegmentationClientOptions { Model = "m", Token = "hf_PerCall1" });
        client.Options.LoadingRetry.Timeout = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => client.SegmentAsync(Encoding.ASCII.GetBytes("image")));

        Assert.Equal("LoadingRetry.Timeout", error.Limit);
        Assert.Equal(2, handler.Requests.Count);
    }

    private static CallClock Clock(FakeTimeProvider time, TransportLimits limits, CancellationToken caller = default)
        => new(limits, CallDeadline.Of(limits, new HttpClient { Timeout = Timeout.InfiniteTimeSpan }), caller, time);

    [Fact]
    public void OneClockCancelsForTheLimitWhoseDeadlinePassed()
    {
        var time = new FakeTimeProvider();
        using var clock = Clock(time, new TransportLimits { AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(60) });

        clock.StartAttempt();
        time.Advance(TimeSpan.FromSeconds(9));
        clock.EndAttempt(); // the attempt ended in time: its deadline goes with it
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(clock.Token.IsCancellationRequested);

        clock.StartAttempt();
        time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.False(clock.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(clock.Token.IsCancellationRequested);
        Assert.Equal(CallLimit.Attempt, clock.Fired);
        Assert.Equal("AttemptTimeout", clock.TimedOut(new OperationCanceledException())!.Limit);
    }

    [Fact]
    public void TheCallsLimitWinsWhenItPassesWithTheAttempts()
    {
        var time = new FakeTimeProvider();
        using var clock = Clock(time, new TransportLimits { AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(10) });
        clock.StartAttempt();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(CallLimit.Total, clock.Fired);
        Assert.Equal("TotalTimeout", clock.TimedOut(new OperationCanceledException())!.Limit);
    }

    [Fact]
    public void AStreamIsTimedBetweenEventsNotWhileTheCallerHasOne()
    {
        var time = new FakeTimeProvider();
        using var clock = Clock(time, new TransportLimits { AttemptTimeout = TimeSpan.FromSeconds(5), StreamIdleTimeout = TimeSpan.FromSeconds(10) });
        clock.StartAttempt();
        clock.StartStream(); // the call's limits covered the headers; the attempt's 5 s no longer apply
        for (var i = 0; i < 10; i++)
        {
            clock.Waiting();
            time.Advance(TimeSpan.FromSeconds(9));
            clock.Arrived();
            time.Advance(TimeSpan.FromSeconds(60)); // the caller's time on the event
        }
        Assert.False(clock.Token.IsCancellationRequested);

        clock.Waiting();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(CallLimit.Idle, clock.Fired);
        Assert.Contains("after 10 event(s)", clock.TimedOut(new OperationCanceledException(), 10)!.Message);
    }

    [Fact]
    public void TheCallersCancellationIsNoTimeout()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        using var clock = Clock(time, new TransportLimits(), caller.Token);
        caller.Cancel();
        Assert.True(clock.Token.IsCancellationRequested);
        Assert.Null(clock.TimedOut(new OperationCanceledException()));
    }
}
