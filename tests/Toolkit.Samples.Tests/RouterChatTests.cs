using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.InferenceProviders;
using SegmentationStandIn;
using Toolkit.Runtime.Providers;
using Xunit;

namespace Toolkit.Samples.Tests;

/// <summary>
/// The router's OpenAI-compatible chat completion (specs/huggingface/providers) against the stand-in's
/// /v1/chat/completions: whole and streamed, the routed model id on the wire as the router reads it, usage.
/// </summary>
public sealed class RouterChatTests
{
    private static ChatCompletionRequest Request(string model, string prompt) => new()
    {
        Model = model,
        Messages = new[] { new ChatCompletionMessage { Role = "user", Content = prompt } },
    };

    [Fact]
    public async Task WholeAndStreamedAnswersComeFromTheRoutersPath()
    {
        await using var server = await StandInServer.StartAsync();
        var seen = new List<(string Path, string Body)>();
        using var http = new HttpClient(new Capture(seen));
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress });

        var whole = await client.ChatCompletionAsync(Request(RoutedModel.Of("openai/gpt-oss-120b").On("groq"), "tell me more"));
        var expected = string.Join(' ', ChatStandIn.Answer("tell me more"));
        var choice = Assert.Single(whole.Choices);
        Assert.Equal(expected, choice.Message.Content);
        Assert.Equal("stop", choice.FinishReason);
        Assert.Equal("openai/gpt-oss-120b", whole.Model); // the provider names the model without the router's suffix
        Assert.Equal(whole.Usage!.PromptTokens + whole.Usage.CompletionTokens, whole.Usage.TotalTokens);

        var text = new StringBuilder();
        var chunks = 0;
        await foreach (var chunk in client.ChatCompletionStreamAsync(Request(RoutedModel.Cheapest("openai/gpt-oss-120b"), "tell me more")))
        {
            foreach (var c in chunk.Choices) text.Append(c.Delta.Content);
            chunks++;
        }
        Assert.Equal(expected, text.ToString());
        Assert.Equal(ChatStandIn.Answer("tell me more").Length, chunks);

        // Both at the router's path, the model first in the body (the router reads the provider from a prefix), as the router reads it.
        Assert.All(seen, s => Assert.Equal("/v1/chat/completions", s.Path));
        Assert.StartsWith("{\"model\":\"openai/gpt-oss-120b:groq\",", seen[0].Body);
        Assert.StartsWith("{\"model\":\"openai/gpt-oss-120b:cheapest\",", seen[1].Body);
        Assert.Contains("\"stream\":true", seen[1].Body);
    }

    [Fact]
    public async Task AStreamedToolCallComesInPiecesAndUsageLast()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient();
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress });
        var request = Request("org/model", "Paris");
        request.Tools = new[]
        {
            new ChatTool
            {
                Type = "function",
                Function = new ChatFunctionDefinition
                {
                    Name = "get_weather",
                    Parameters = System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement,
                },
            },
        };
        request.StreamOptions = new ChatStreamOptions { IncludeUsage = true };
        var arguments = new StringBuilder();
        string? id = null, name = null, finish = null;
        ChatUsage? usage = null;
        await foreach (var chunk in client.ChatCompletionStreamAsync(request))
        {
            usage ??= chunk.Usage;
            foreach (var c in chunk.Choices)
            {
                finish ??= c.FinishReason;
                foreach (var call in c.Delta.ToolCalls ?? Array.Empty<ChatToolCallDelta>())
                {
                    id ??= call.Id;
                    name ??= call.Function?.Name;
                    arguments.Append(call.Function?.Arguments);
                }
            }
        }
        Assert.Equal("get_weather", name);
        Assert.StartsWith("call_", id);
        Assert.Equal("""{"city":"Paris"}""", arguments.ToString());
        Assert.Equal("tool_calls", finish);
        Assert.NotNull(usage);

        // The whole form: the same call, content null.
        request.StreamOptions = null;
        var whole = await client.ChatCompletionAsync(request);
        var message = Assert.Single(whole.Choices).Message;
        Assert.Null(message.Content);
        var toolCall = Assert.Single(message.ToolCalls!);
        Assert.Equal(id, toolCall.Id);
        Assert.Equal(arguments.ToString(), toolCall.Function.Arguments);
    }

    [Fact]
    public async Task TheRouterRefusesARequestWithoutModel()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient();
        var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress });
        // The spec makes model required: the client refuses before sending.
        var e = await Assert.ThrowsAsync<Toolkit.Runtime.Validation.RequestValidationException>(
            () => client.ChatCompletionAsync(new ChatCompletionRequest { Model = null!, Messages = Array.Empty<ChatCompletionMessage>() }));
        Assert.Contains(e.Errors, x => x.Path == "$.model");
    }

    private sealed class Capture(List<(string Path, string Body)> seen) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (seen) seen.Add((request.RequestUri!.AbsolutePath, body));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
