using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.Inference;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Streams;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// Streamed answers (server-sent events) through the generated <c>{Operation}StreamAsync</c>: the recorded streams of
/// the real service, mutations of them that must fail as typed errors naming the event, and a real socket.
/// </summary>
public sealed class StreamingTests
{
    private static string TasksDirectory => Path.Combine(SharedData.Root ?? "", "recorded", "hf-inference-tasks");

    private static RecordedExchange Inference(string file)
        => RecordedExchange.LoadFile(Path.Combine(TasksDirectory, file)).Single(e => e.Url.StartsWith("https://router.huggingface.co/hf-inference/", StringComparison.Ordinal));

    private const string ChatModel = "meta-llama/Llama-3.1-8B-Instruct";

    private static ChatCompletionRequest ChatRequest() => new()
    {
        MaxTokens = 20,
        Messages = new[]
        {
            new ChatCompletionInputMessage { Role = "system", Content = "You are a helpful assistant." },
            new ChatCompletionInputMessage { Role = "user", Content = "What is deep learning?" },
        },
    };

    /// <summary>The recorded chat stream's data lines, without the sentinel.</summary>
    private static List<string> RecordedChunks(RecordedExchange exchange)
        => Encoding.UTF8.GetString(exchange.ResponseBody).Split('\n')
            .Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l["data:".Length..].Trim())
            .Where(d => d != "[DONE]").ToList();

    private static HttpResponseMessage EventStream(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
        return response;
    }

    private static async Task<List<ChatCompletionStreamOutput>> ReadChat(string body, Action<HfInferenceClientOptions>? configure = null)
    {
        var options = new HfInferenceClientOptions { Token = "hf_StreamTest1" };
        configure?.Invoke(options);
        var client = new HfInferenceClient(new ScriptedHandler(_ => EventStream(body)), options);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)); // never a hang
        var events = new List<ChatCompletionStreamOutput>();
        await foreach (var chunk in client.ChatCompletionStreamAsync(ChatModel, ChatRequest(), cancellationToken: deadline.Token)) events.Add(chunk);
        return events;
    }

    [TasksFact]
    public async Task TheRecordedChatStreamReadsToTheRecordedText()
    {
        var exchange = Inference("chat_completion_with_stream.json");
        var handler = new ScriptedHandler(_ => exchange.ToResponse());
        var client = new HfInferenceClient(handler, new HfInferenceClientOptions { Token = "hf_StreamTest1" });
        var text = new StringBuilder();
        var count = 0;
        await foreach (var chunk in client.ChatCompletionStreamAsync(ChatModel, ChatRequest()))
        {
            text.Append(Assert.Single(chunk.Choices).Delta.AsTextMessage?.Content);
            count++;
        }
        var recorded = RecordedChunks(exchange);
        Assert.Equal(recorded.Count, count);
        var expected = string.Concat(recorded.Select(c => JsonDocument.Parse(c).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal(expected, text.ToString());

        // The client asked for the stream on the wire, and otherwise sent the request as recorded.
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(exchange.Url, sent.Uri.ToString());
        Assert.Contains("text/event-stream", sent.Header("Accept"));
        using var sentJson = JsonDocument.Parse(sent.Body);
        using var recordedJson = JsonDocument.Parse(exchange.RequestBody!);
        Assert.True(JsonElement.DeepEquals(recordedJson.RootElement, sentJson.RootElement), Encoding.UTF8.GetString(sent.Body));
    }

    [TasksFact]
    public async Task TheRecordedTextGenerationStreamReadsItsTokens()
    {
        var exchange = Inference("tgi_generate_stream_no_details.json");
        var handler = new ScriptedHandler(_ => exchange.ToResponse());
        var client = new HfInferenceClient(handler, new HfInferenceClientOptions { Token = "hf_StreamTest1" });
        var request = HfInferenceSerializer.DeserializeTextGenerationRequest(exchange.RequestBody!);
        var events = new List<TextGenerationStreamOutput>();
        await foreach (var e in client.TextGenerationStreamAsync("google/flan-t5-xxl", request)) events.Add(e);
        var recorded = Encoding.UTF8.GetString(exchange.ResponseBody).Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["data:".Length..]).RootElement).ToList();
        Assert.Equal(recorded.Select(r => r.GetProperty("token").GetProperty("text").GetString()), events.Select(e => e.Token.Text));
        Assert.Equal(recorded[^1].GetProperty("generated_text").GetString(), events[^1].GeneratedText);
        using var sentJson = JsonDocument.Parse(Assert.Single(handler.Requests).Body);
        Assert.True(sentJson.RootElement.GetProperty("stream").GetBoolean());
    }

    private static string Chat(IEnumerable<string> chunks, bool sentinel = true)
        => string.Concat(chunks.Select(c => "data: " + c + "\n\n")) + (sentinel ? "data: [DONE]\n\n" : "");

    private static string Chunk(string content) =>
        $$"""{"object":"chat.completion.chunk","id":"","created":1,"model":"m","system_fingerprint":"f","choices":[{"index":0,"delta":{"role":"assistant","content":"{{content}}"},"logprobs":null,"finish_reason":null}],"usage":null}""";

    private static IEnumerable<string> Chunks(int n) => Enumerable.Range(0, n).Select(i => Chunk("t" + i));

    [Fact]
    public async Task CommentsKeepAlivesAndMultiLineDataAreServerSentEvents()
    {
        var split = Chunk("b").Replace(",\"model\"", "\ndata: ,\"model\"");
        var body = ": keep-alive\n\n" + "data: " + Chunk("a") + "\n\n" + ": ping\n" + "data: " + split + "\n\n" + "event: message\nid: 7\ndata: " + Chunk("c") + "\n\ndata: [DONE]\n\n";
        var events = await ReadChat(body);
        Assert.Equal(new[] { "a", "b", "c" }, events.Select(e => e.Choices[0].Delta.AsTextMessage?.Content));
    }

    [Fact]
    public async Task AStreamWithoutItsSentinelIsATypedErrorAfterTheLastEvent()
    {
        var error = await Assert.ThrowsAsync<EventStreamException>(() => ReadChat(Chat(Chunks(4), sentinel: false)));
        Assert.Equal(4, error.EventIndex);
        Assert.Contains("[DONE]", error.Message);
    }

    [Fact]
    public async Task AStreamCutInTheMiddleOfAnEventNamesHowFarItGot()
    {
        var whole = Chat(Chunks(5), sentinel: false);
        var cut = whole[..(whole.Length - 40)];
        var error = await Assert.ThrowsAsync<EventStreamException>(() => ReadChat(cut));
        Assert.Equal(4, error.EventIndex);
        Assert.Contains("middle of an event", error.Message);
    }

    [Fact]
    public async Task AMalformedEventNamesItsIndexAndPath()
    {
        var chunks = Chunks(6).ToList();
        chunks[3] = chunks[3].Replace("\"created\":1", "\"created\":\"soon\"");
        var error = await Assert.ThrowsAsync<EventStreamException>(() => ReadChat(Chat(chunks)));
        Assert.Equal(3, error.EventIndex);
        Assert.Contains("$.created", error.Message);
        Assert.IsType<Toolkit.Runtime.Json.JsonPayloadException>(error.InnerException);

        chunks[3] = "{\"object\":";
        Assert.Equal(3, (await Assert.ThrowsAsync<EventStreamException>(() => ReadChat(Chat(chunks)))).EventIndex);
    }

    [Fact]
    public async Task AnErrorEventIsATypedErrorWithTheServersMessage()
    {
        var chunks = Chunks(5).ToList();
        chunks[2] = "{\"error\":\"Input validation error: hf_StreamTest1 is not allowed\",\"error_type\":\"validation\"}";
        var error = await Assert.ThrowsAsync<StreamErrorEventException>(() => ReadChat(Chat(chunks)));
        Assert.Equal(2, error.EventIndex);
        Assert.StartsWith("Input validation error", error.ServerMessage);
        Assert.DoesNotContain("hf_StreamTest1", error.Message); // the caller's token is scrubbed from what the server echoes

        // A chunk that merely mentions "error" in its text is a chunk.
        var fine = Chunks(2).Append(Chunk("an \\\"error\\\" in the text")).ToList();
        Assert.Equal(3, (await ReadChat(Chat(fine))).Count);
    }

    [Fact]
    public async Task ANamedErrorEventIsATypedError()
    {
        // The kitchen sink's chat names its error events: event: error.
        var body = "data: {\"delta\":\"a\"}\n\nevent: error\ndata: {\"message\":\"overloaded\"}\n\ndata: [DONE]\n\n";
        var client = new Acme.Inference.AcmeInferenceClient(new ScriptedHandler(_ => EventStream(body)), new Acme.Inference.AcmeInferenceClientOptions { Model = "m" });
        var read = new List<string?>();
        var error = await Assert.ThrowsAsync<StreamErrorEventException>(async () =>
        {
            await foreach (var e in client.ChatStreamAsync(null, new Acme.Inference.ChatRequest { Messages = new[] { "hi" } })) read.Add(e.Delta);
        });
        Assert.Equal((1, "overloaded"), (error.EventIndex, error.ServerMessage));
        Assert.Equal(new[] { "a" }, read);
    }

    [Fact]
    public async Task AnOversizedEventIsRefusedByIndex()
    {
        var chunks = Chunks(4).ToList();
        chunks[1] = Chunk(new string('x', 5000));
        var error = await Assert.ThrowsAsync<EventStreamException>(() => ReadChat(Chat(chunks), o => o.Limits.MaxStreamEventBytes = 2048));
        Assert.Equal(1, error.EventIndex);
        Assert.Contains("MaxStreamEventBytes", error.Message);
    }

    /// <summary>
    /// An event that never ends, as one endless line or as endless short data lines: refused once its lines pass
    /// 4 × MaxStreamEventBytes as sent, naming it, after the events before it. Without that bound the parser would hold
    /// the whole event in memory until MaxResponseBytes (64 MiB) ended the stream.
    /// </summary>
    [Theory]
    [InlineData("x")]
    [InlineData("x\ndata: ")]
    [InlineData("x\r\ndata: ")]
    public async Task AnEventThatNeverEndsIsRefusedWithoutReadingItAll(string repeated)
    {
        var body = new EndlessEventStream(Encoding.UTF8.GetBytes(Chat(Chunks(2), sentinel: false) + "data: "), Encoding.UTF8.GetBytes(repeated));
        var options = new HfInferenceClientOptions { Token = "hf_StreamTest1" };
        options.Limits.MaxStreamEventBytes = 16 * 1024;
        var client = new HfInferenceClient(new ScriptedHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return response;
        }), options);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // never a hang
        var read = new List<string?>();
        var error = await Assert.ThrowsAsync<EventStreamException>(async () =>
        {
            await foreach (var chunk in client.ChatCompletionStreamAsync(ChatModel, ChatRequest(), cancellationToken: deadline.Token)) read.Add(chunk.Choices[0].Delta.AsTextMessage?.Content);
        });
        Assert.Equal(2, error.EventIndex);
        Assert.Contains("MaxStreamEventBytes", error.Message);
        Assert.Equal(new[] { "t0", "t1" }, read);
        // 4 × 16 KiB as sent, plus one read into the parser's line buffer, which doubles to hold a long line.
        Assert.True(body.Served < 3 * 4 * 16 * 1024, $"read {body.Served} bytes of an endless event");
    }

    /// <summary>
    /// Specs/transcribe.json: the whole form sends the audio raw when nothing else is set, but the streamed form must
    /// name its stream field, so it sends the JSON form (audio in base64) as JSON, whatever the raw form's type was.
    /// </summary>
    [Fact]
    public async Task AStreamedRequestIsJsonEvenWhenTheWholeFormWouldBeRaw()
    {
        var audio = new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 1, 2, 255 };
        var handler = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"text\":\"whole\"}", Encoding.UTF8, "application/json") },
            _ => EventStream("data: {\"text\":\"hel\"}\n\ndata: {\"text\":\"lo\"}\n\ndata: [DONE]\n\n"));
        var client = new Acme.Speech.SpeechApiClient(handler, new Acme.Speech.SpeechApiClientOptions());
        var request = new Acme.Speech.TranscribeRequest { Inputs = audio };

        Assert.Equal("whole", (await client.TranscribeAsync("m", request)).Text);
        var pieces = new List<string>();
        await foreach (var piece in client.TranscribeStreamAsync("m", request)) pieces.Add(piece.Text);

        Assert.Equal(new[] { "hel", "lo" }, pieces);
        var (whole, streamed) = (handler.Requests[0], handler.Requests[1]);
        Assert.Equal("audio/*", whole.ContentType);
        Assert.Equal(audio, whole.Body);
        Assert.Equal("application/json", streamed.ContentType);
        using var sent = JsonDocument.Parse(streamed.Body);
        Assert.Equal(audio, sent.RootElement.GetProperty("inputs").GetBytesFromBase64());
        Assert.True(sent.RootElement.GetProperty("stream").GetBoolean());
        // The caller's object is left as it was: written whole, it asks for no stream.
        Assert.DoesNotContain("stream", Encoding.UTF8.GetString(Acme.Speech.SpeechApiSerializer.SerializeTranscribeRequest(request)));
    }

    /// <summary>
    /// The bound on an event as sent counts from the last blank line, whatever the line breaks and however the body
    /// arrives: a long stream of small events is read whole, even a byte at a time.
    /// </summary>
    [Theory]
    [InlineData("\n", 1)]
    [InlineData("\r\n", 1)]
    [InlineData("\r", 1)]
    [InlineData("\r\n", 7)]
    [InlineData("\r", 4096)]
    public async Task ALongStreamOfSmallEventsIsNotOneLongEvent(string lineBreak, int chunk)
    {
        var text = string.Concat(Chunks(100).Select(c => ": ping" + lineBreak + "data: " + c + lineBreak + lineBreak)) + "data: [DONE]" + lineBreak + lineBreak;
        var options = new HfInferenceClientOptions { Token = "hf_StreamTest1" };
        options.Limits.MaxStreamEventBytes = 400; // each event's data is about 330 bytes; the stream is 100 times that
        var client = new HfInferenceClient(new ScriptedHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ChunkedReadStream(Encoding.UTF8.GetBytes(text), chunk)) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return response;
        }), options);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = new List<string?>();
        await foreach (var e in client.ChatCompletionStreamAsync(ChatModel, ChatRequest(), cancellationToken: deadline.Token)) read.Add(e.Choices[0].Delta.AsTextMessage?.Content);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => "t" + i), read);
    }

    /// <summary>A body that starts with <c>head</c> and then repeats <c>repeated</c> forever, counting what it served.</summary>
    private sealed class EndlessEventStream(byte[] head, byte[] repeated) : Stream
    {
        public long Served { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++, Served++)
            {
                buffer[offset + i] = Served < head.Length ? head[Served] : repeated[(Served - head.Length) % repeated.Length];
            }
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task AnHttpErrorBeforeTheFirstEventIsTheUsualTypedError()
    {
        var client = new HfInferenceClient(new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.UnprocessableEntity)
        {
            Content = new StringContent("{\"error\":\"Template error\"}", Encoding.UTF8, "application/json"),
        }), new HfInferenceClientOptions { Token = "hf_StreamTest1" });
        var error = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (var _ in client.ChatCompletionStreamAsync(ChatModel, ChatRequest())) { }
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("Template error", Assert.Single(error.Errors));
    }

    [Fact]
    public async Task ALoadingAnswerIsRetriedBeforeTheFirstEvent()
    {
        var handler = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("{\"error\":\"Model is currently loading\",\"estimated_time\":0.01}", Encoding.UTF8, "application/json"),
            },
            _ => EventStream(Chat(Chunks(3))));
        var client = new HfInferenceClient(handler, new HfInferenceClientOptions { Token = "hf_StreamTest1" });
        var read = new List<string?>();
        await foreach (var chunk in client.ChatCompletionStreamAsync(ChatModel, ChatRequest())) read.Add(chunk.Choices[0].Delta.AsTextMessage?.Content);
        Assert.Equal(new[] { "t0", "t1", "t2" }, read);
        Assert.Equal(2, handler.Requests.Count);
        // The retry asked the service to wait, and both attempts asked for the stream.
        Assert.Equal("true", handler.Requests[1].Header("x-wait-for-model"));
        Assert.All(handler.Requests, r => Assert.Contains("\"stream\":true", Encoding.UTF8.GetString(r.Body)));
    }

    [Fact]
    public async Task TheCallersRequestIsLeftAsItWas()
    {
        var request = ChatRequest();
        var handler = new ScriptedHandler(_ => EventStream(Chat(Chunks(1))));
        var client = new HfInferenceClient(handler, new HfInferenceClientOptions { Token = "hf_StreamTest1" });
        await foreach (var _ in client.ChatCompletionStreamAsync(ChatModel, request)) { }
        Assert.DoesNotContain("\"stream\"", Encoding.UTF8.GetString(HfInferenceSerializer.SerializeChatCompletionRequest(request)));
        using var sent = JsonDocument.Parse(Assert.Single(handler.Requests).Body);
        Assert.True(sent.RootElement.GetProperty("stream").GetBoolean());
    }

    /// <summary>
    /// Wire plumbing is the client's, not the caller's: the request type has no stream flag and no body copy of the
    /// path's model; the body carries the model the path does (the argument, else the client option), and only the
    /// streamed form asks for a stream.
    /// </summary>
    [Fact]
    public async Task TheClientFillsTheStreamFlagAndTheBodysModel()
    {
        Assert.Null(typeof(ChatCompletionRequest).GetProperty("Stream"));
        Assert.Null(typeof(ChatCompletionRequest).GetProperty("BodyModel"));
        var handler = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("{\"error\":\"no\"}", Encoding.UTF8, "application/json") },
            _ => EventStream(Chat(Chunks(1))));
        var client = new HfInferenceClient(handler, new HfInferenceClientOptions { Token = "hf_StreamTest1", Model = "org/default-model" });
        var messages = new[] { new ChatCompletionInputMessage { Role = "user", Content = "Hi" } };
        await Assert.ThrowsAsync<Toolkit.Runtime.Errors.ApiException>(() => client.ChatCompletionAsync(null, messages));
        await foreach (var _ in client.ChatCompletionStreamAsync(ChatModel, new ChatCompletionRequest { Messages = messages })) { }

        using var whole = JsonDocument.Parse(handler.Requests[0].Body);
        Assert.Equal("org/default-model", whole.RootElement.GetProperty("model").GetString());
        Assert.False(whole.RootElement.TryGetProperty("stream", out _));
        using var streamed = JsonDocument.Parse(handler.Requests[1].Body);
        Assert.Equal(ChatModel, streamed.RootElement.GetProperty("model").GetString());
        Assert.True(streamed.RootElement.GetProperty("stream").GetBoolean());
        Assert.EndsWith("/models/" + ChatModel + "/v1/chat/completions", handler.Requests[1].Uri.ToString());
    }

    /// <summary>Over a real socket: events arrive as they are produced, and leaving the loop closes the connection.</summary>
    [Fact]
    public async Task EventsArriveAsProducedAndBreakingOutClosesTheConnection()
    {
        const int total = 200;
        var produced = 0;
        var allowed = new SemaphoreSlim(0);
        await using var server = HostileServer.Start(async (request, response) =>
        {
            response.Closed = true;
            await response.HeadAsync(200, "OK", ("Content-Type", "text/event-stream"), ("Connection", "close"));
            for (var i = 0; i < total; i++)
            {
                // The first events wait for the client: proof that it reads them before the rest exist.
                if (i < 3) await allowed.WaitAsync(TimeSpan.FromSeconds(10));
                // Counted before it is written: the client can read an event before the server's write returns.
                Interlocked.Increment(ref produced);
                await response.WriteAsync(Encoding.UTF8.GetBytes("data: " + Chunk("t" + i) + "\n\n"));
                if (i >= 3) await Task.Delay(20);
            }
            await response.WriteAsync(Encoding.UTF8.GetBytes("data: [DONE]\n\n"));
        });
        using var http = new HttpClient();
        var client = new HfInferenceClient(http, new HfInferenceClientOptions { BaseAddress = server.Address, Token = "hf_StreamTest1" });
        var read = 0;
        allowed.Release();
        await foreach (var chunk in client.ChatCompletionStreamAsync(ChatModel, ChatRequest()))
        {
            Assert.Equal("t" + read, chunk.Choices[0].Delta.AsTextMessage?.Content);
            // Events 1 and 2 are produced only once the client has read the one before: it streams, it does not buffer.
            if (read < 2) Assert.Equal(read + 1, Volatile.Read(ref produced));
            read++;
            if (read == 3) break;
            allowed.Release();
        }
        // The server sees the connection close: its writes fail long before it has produced everything.
        var written = await server.ConnectionsDoneAsync(TimeSpan.FromSeconds(30));
        Assert.Single(written);
        Assert.True(Volatile.Read(ref produced) < total, $"the server produced all {total} events: the connection stayed open");
    }
}
