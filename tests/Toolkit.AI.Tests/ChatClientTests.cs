using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HuggingFace.Inference;
using HuggingFace.InferenceProviders;
using Microsoft.Extensions.AI;
using SegmentationStandIn;
using Toolkit.Testing.Recording;
using Xunit;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace Toolkit.AI.Tests;

/// <summary>
/// The generated AsIChatClient() under Microsoft.Extensions.AI's own pipeline: tool round trips through
/// UseFunctionInvocation against the stand-in and from a cassette, real recorded answers, and what maps both ways.
/// </summary>
public sealed class ChatClientTests
{
    private static AIFunction Weather(List<string> calls) => AIFunctionFactory.Create((string city) =>
    {
        calls.Add(city);
        return $"22 degrees and sunny in {city}";
    }, "get_weather", "The weather in a city.");

    [Fact]
    public async Task AToolRoundTripCompletesThroughFunctionInvocationAgainstTheStandIn()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient();
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress });
        var calls = new List<string>();
        using var chat = new ChatClientBuilder(client.AsIChatClient("openai/gpt-oss-120b:groq")).UseFunctionInvocation().Build();

        var response = await chat.GetResponseAsync("Paris", new ChatOptions { Tools = new AITool[] { Weather(calls) } });

        Assert.Equal(new[] { "Paris" }, calls); // the model (the stand-in) called the tool once, with its arguments parsed
        Assert.Contains("22 degrees and sunny in Paris", response.Text); // and answered the tool's result
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("openai/gpt-oss-120b", response.ModelId);
        Assert.NotNull(response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task AStreamedToolRoundTripCompletesToo()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient();
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress });
        var calls = new List<string>();
        using var chat = new ChatClientBuilder(client.AsIChatClient("org/model")).UseFunctionInvocation().Build();
        var text = new StringBuilder();
        var usage = 0;
        await foreach (var update in chat.GetStreamingResponseAsync("Lyon", new ChatOptions { Tools = new AITool[] { Weather(calls) } }))
        {
            text.Append(update.Text);
            usage += update.Contents.OfType<UsageContent>().Count();
        }
        Assert.Equal(new[] { "Lyon" }, calls);
        Assert.Equal(string.Join(' ', ChatStandIn.Answer("22 degrees and sunny in Lyon")), text.ToString());
        Assert.Equal(2, usage); // include_usage asked for on each streamed request: a usage chunk each
    }

    [Fact]
    public async Task AToolRoundTripReplaysFromACassetteWithoutTheService()
    {
        var cassette = Path.Combine(Path.GetTempPath(), "providers-ai-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var calls = new List<string>();
            Uri address;
            await using (var server = await StandInServer.StartAsync())
            {
                address = server.BaseAddress;
                using var recording = new RecordingHandler(cassette, new RecordingOptions { Mode = RecordingMode.Record });
                using var http = new HttpClient(recording);
                var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress });
                using var chat = new ChatClientBuilder(client.AsIChatClient("org/model")).UseFunctionInvocation().Build();
                await chat.GetResponseAsync("Nice", new ChatOptions { Tools = new AITool[] { Weather(calls) } });
            }
            // The service is gone: the same conversation comes from the cassette, the tool called again with the recorded arguments.
            using (var playback = new RecordingHandler(cassette, new RecordingOptions { Mode = RecordingMode.Playback }))
            {
                using var http = new HttpClient(playback);
                var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = address });
                using var chat = new ChatClientBuilder(client.AsIChatClient("org/model")).UseFunctionInvocation().Build();
                var response = await chat.GetResponseAsync("Nice", new ChatOptions { Tools = new AITool[] { Weather(calls) } });
                Assert.Contains("22 degrees and sunny in Nice", response.Text);
            }
            Assert.Equal(new[] { "Nice", "Nice" }, calls);
        }
        finally
        {
            File.Delete(cassette);
        }
    }

    [RecordedFact]
    public async Task ARecordedAnswerMapsWithItsRecordedValues()
    {
        var recorded = new RecordedAnswer("chat_completion_no_stream.json", 1);
        var expected = JsonDocument.Parse(recorded.Body).RootElement;
        using var http = new HttpClient(recorded);
        var hf = new HfInferenceClient(http, new HfInferenceClientOptions());
        var chat = hf.AsIChatClient("meta-llama/Llama-3.1-8B-Instruct");

        var response = await chat.GetResponseAsync(new[]
        {
            new ChatMessage(ChatRole.System, "You are a helpful assistant."),
            new ChatMessage(ChatRole.User, "What is deep learning?"),
        });

        Assert.Equal(expected.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), response.Text);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expected.GetProperty("created").GetInt64()), response.CreatedAt);
        Assert.Equal(new ChatFinishReason(expected.GetProperty("choices")[0].GetProperty("finish_reason").GetString()!), response.FinishReason);
        var usage = expected.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64(), response.Usage!.InputTokenCount);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt64(), response.Usage.OutputTokenCount);
        Assert.Equal(usage.GetProperty("total_tokens").GetInt64(), response.Usage.TotalTokenCount);
        // What has no member of its own is passed through, and the spec's own answer is there too.
        Assert.Equal("3.2.1-native", ((JsonElement)response.AdditionalProperties!["system_fingerprint"]!).GetString());
        Assert.IsType<ChatCompletionOutput>(response.RawRepresentation);

        // The request went where hf-inference serves chat, with the model and the messages the recording holds.
        var (uri, body) = Assert.Single(recorded.Sent);
        Assert.EndsWith("/models/meta-llama/Llama-3.1-8B-Instruct/v1/chat/completions", uri.AbsolutePath);
        var sent = JsonDocument.Parse(body).RootElement;
        var recordedMessages = JsonDocument.Parse(recorded.RecordedRequest.GetProperty("body").GetProperty("text").GetString()!).RootElement.GetProperty("messages");
        Assert.Equal(recordedMessages.EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())),
            sent.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", sent.GetProperty("model").GetString());
    }

    [RecordedFact]
    public async Task ARecordedStreamMapsToUpdates()
    {
        var recorded = new RecordedAnswer("chat_completion_with_stream.json", 1);
        using var http = new HttpClient(recorded);
        var hf = new HfInferenceClient(http, new HfInferenceClientOptions { Model = "meta-llama/Llama-3.1-8B-Instruct" });
        var chat = hf.AsIChatClient(); // the client's own default model

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync("What is deep learning?", new ChatOptions { MaxOutputTokens = 20 })) updates.Add(update);

        var recordedText = string.Concat(Encoding.UTF8.GetString(recorded.Body).Split('\n')
            .Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l[6..]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal(recordedText, string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", u.ModelId));
        Assert.Equal(ChatFinishReason.Length, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.All(updates, u => Assert.IsType<ChatCompletionStreamOutput>(u.RawRepresentation));
        var response = updates.ToChatResponse();
        Assert.Equal(recordedText, response.Text);
        var sent = JsonDocument.Parse(Assert.Single(recorded.Sent).Body).RootElement;
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.Equal(20, sent.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task OptionsReachTheWireAndWhatTheSpecCannotCarryIsRefused()
    {
        var seen = new List<string>();
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient(new Capture(seen));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress });
        using var chat = client.AsIChatClient("org/model");
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""").RootElement;
        await chat.GetResponseAsync("hi", new ChatOptions
        {
            ModelId = RoutedModelOf("org/other", "together"),
            Instructions = "Be brief.",
            Temperature = 0.5f,
            TopP = 0.25f,
            MaxOutputTokens = 64,
            Seed = 7,
            StopSequences = new[] { "END" },
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "reply", "A reply."),
            ToolMode = ChatToolMode.RequireSpecific("get_weather"),
            Tools = new AITool[] { Weather(new List<string>()) },
            AdditionalProperties = new AdditionalPropertiesDictionary { ["tool_prompt"] = "Use tools." },
        });
        var body = JsonDocument.Parse(seen.Single()).RootElement;
        Assert.Equal("org/other:together", body.GetProperty("model").GetString());
        Assert.StartsWith("{\"model\":", seen.Single()); // first, for the router
        Assert.Equal("system", body.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Be brief.", body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(7, body.GetProperty("seed").GetInt64());
        Assert.Equal("END", body.GetProperty("stop")[0].GetString());
        Assert.Equal("json_schema", body.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal("reply", body.GetProperty("response_format").GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal("get_weather", body.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("city", body.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("required")[0].GetString());
        Assert.Equal("Use tools.", body.GetProperty("tool_prompt").GetString());

        // The router's request has no top_k: refused, named, nothing sent.
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync("hi", new ChatOptions { TopK = 5 }));
        Assert.Contains("$.top_k", e.Message);
        var extra = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync("hi", new ChatOptions { AdditionalProperties = new() { ["not_a_field"] = 1 } }));
        Assert.Contains("$.not_a_field", extra.Message);
        Assert.Single(seen);
    }

    [Fact]
    public void MetadataNamesTheServiceAndItsDefaultModel()
    {
        using var http = new HttpClient();
        var hf = new HfInferenceClient(http, new HfInferenceClientOptions { Model = "org/from-options" });
        var metadata = hf.AsIChatClient().GetService<ChatClientMetadata>()!;
        Assert.Equal("hf-inference", metadata.ProviderName);
        Assert.Equal("org/from-options", metadata.DefaultModelId);
        Assert.Equal(new Uri("https://router.huggingface.co/hf-inference"), metadata.ProviderUri);
        var router = new InferenceProvidersClient(http, new InferenceProvidersClientOptions()).AsIChatClient("m:cheapest").GetService<ChatClientMetadata>()!;
        Assert.Equal("inference-providers", router.ProviderName);
        Assert.Equal("m:cheapest", router.DefaultModelId);
    }

    private static string RoutedModelOf(string model, string provider) => Toolkit.Runtime.Providers.RoutedModel.Of(model).On(provider);

    private sealed class Capture(List<string> seen) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            seen.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
