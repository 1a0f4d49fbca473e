using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using SegmentationStandIn;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// The Microsoft.Extensions.AI adapters of clients imported from OpenAPI documents (tests/OpenApiClients, with the
/// overlays' x-toolkit-abstraction): text-generation-inference 3.1's chat completion answers through
/// Microsoft.Extensions.AI's pipeline against the stand-in, and text-embeddings-inference 1.9's OpenAI-compatible route
/// is an embedding generator. Reached by reflection: without ../shared the assemblies are empty.
/// </summary>
public sealed class OpenApiAIAdapterTests
{
    private static object Client(string assembly, string ns, string name, Uri baseAddress, HttpClient http)
    {
        var types = Assembly.Load(assembly);
        var options = Activator.CreateInstance(types.GetType($"{ns}.{name}ClientOptions", throwOnError: true)!)!;
        options.GetType().GetProperty("BaseAddress")!.SetValue(options, baseAddress);
        return Activator.CreateInstance(types.GetType($"{ns}.{name}Client", throwOnError: true)!, http, options)!;
    }

    private static T Adapter<T>(object client, string method, params object?[] arguments)
    {
        var extensions = client.GetType().Assembly.GetType(client.GetType().Namespace + "." + client.GetType().Name.Replace("Client", "AIExtensions", StringComparison.Ordinal), throwOnError: true)!;
        return (T)extensions.GetMethod(method)!.Invoke(null, new[] { client }.Concat(arguments).ToArray())!;
    }

    [OpenApiFact]
    public async Task TgiChatCompletionIsAnIChatClient()
    {
        // A plain answer: the stand-in answers a tool call as OpenAI does (content null beside tool_calls), which TGI's
        // documents (OutputMessage: a text message or a tool-call message without content) do not read; the tool round
        // trip itself is tested on the router's spec (tests/Toolkit.AI.Tests).
        await using var server = await StandInServer.StartAsync();
        var sent = new List<string>();
        using var http = new HttpClient(new Capture(sent));
        var tgi = Client("TextGenerationInference", "TextGenerationInference.V3_1", "TextGenerationInference", server.BaseAddress, http);
        using var chat = new ChatClientBuilder(Adapter<IChatClient>(tgi, "AsIChatClient", "tgi")).UseFunctionInvocation().Build();

        var response = await chat.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "What is deep learning?") }, new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 40 });

        Assert.Equal(string.Join(' ', ChatStandIn.Answer("What is deep learning?")), response.Text);
        Assert.Equal("TextGenerationInference.V3_1.ChatCompletion", response.RawRepresentation!.GetType().FullName);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage?.TotalTokenCount);
        var body = System.Text.Json.JsonDocument.Parse(sent.Single()).RootElement;
        Assert.Equal(("tgi", 0.5, 40), (body.GetProperty("model").GetString(), body.GetProperty("temperature").GetDouble(), body.GetProperty("max_tokens").GetInt32()));
    }

    [OpenApiFact]
    public async Task TeiOpenAiEmbeddingsAreAnEmbeddingGenerator()
    {
        var sent = new List<string>();
        using var http = new HttpClient(new Answer(sent, """{"object":"list","model":"BAAI/bge-small","data":[{"object":"embedding","embedding":[0.5,-0.25,1],"index":1},{"object":"embedding","embedding":[1,2,3],"index":0}],"usage":{"prompt_tokens":4,"total_tokens":4}}"""));
        var tei = Client("TextEmbeddingsInference", "TextEmbeddingsInference.V1_9", "TextEmbeddingsInference", new Uri("http://tei.test/"), http);
        using var generator = Adapter<IEmbeddingGenerator<string, Embedding<float>>>(tei, "AsIEmbeddingGenerator", "BAAI/bge-small", Toolkit.AI.TokenPooling.None);

        var embeddings = await generator.GenerateAsync(new[] { "first", "second" });

        Assert.Equal(new[] { 1f, 2f, 3f }, embeddings[0].Vector.ToArray()); // by index, not by order in the answer
        Assert.Equal(new[] { 0.5f, -0.25f, 1f }, embeddings[1].Vector.ToArray());
        Assert.Equal(4, embeddings.Usage!.InputTokenCount);
        var (path, body) = (sent[0].Split(' ')[0], sent[0][(sent[0].IndexOf(' ') + 1)..]);
        Assert.Equal("/v1/embeddings", path);
        var request = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal("BAAI/bge-small", request.GetProperty("model").GetString());
        Assert.Equal(new[] { "first", "second" }, request.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
    }

    private sealed class Capture(List<string> sent) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Answer(List<string> sent, string json) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request.RequestUri!.AbsolutePath + " " + await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
