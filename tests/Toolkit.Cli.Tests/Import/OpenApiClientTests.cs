using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// The clients the build imported from ../shared/openapi (tests/OpenApiClients: one project per API, every release side
/// by side, compiled with nullable, XML docs, trim and AOT analysis and warnings as errors). That they compiled is
/// their build; here, what they hold, and Qdrant requests that round-trip through the generated writer and validate
/// against the original OpenAPI schema (NJsonSchema's validator, not ours).
/// </summary>
public sealed class OpenApiClientTests
{
    private static Assembly Load(string name) => Assembly.Load(name);

    private static Type TypeOf(Assembly assembly, string fullName)
        => assembly.GetType(fullName) ?? throw new Xunit.Sdk.XunitException($"{fullName} is not in {assembly.GetName().Name}: types there: "
            + string.Join(", ", assembly.GetTypes().Where(t => t.Name.EndsWith("Client", StringComparison.Ordinal)).Select(t => t.FullName)));

    [OpenApiFact]
    public void EveryReleaseIsAClientSideBySide()
    {
        var tgi = Load("TextGenerationInference");
        // The oldest keeps the namespace; newer releases get their own (VersionPlan).
        foreach (var ns in new[] { "TextGenerationInference", "TextGenerationInference.V1_4", "TextGenerationInference.V2_0", "TextGenerationInference.V2_4", "TextGenerationInference.V3_1" })
        {
            Assert.NotNull(TypeOf(tgi, ns + ".TextGenerationInferenceClient"));
        }
        var tei = Load("TextEmbeddingsInference");
        Assert.Equal(6, tei.GetTypes().Count(t => t.Name == "TextEmbeddingsInferenceClient"));
        Assert.NotNull(TypeOf(Load("Qdrant"), "QdrantApi.QdrantApiClient"));
    }

    [OpenApiFact]
    public void TgiStreamingOperationsAreAsyncEnumerables()
    {
        var client = TypeOf(Load("TextGenerationInference"), "TextGenerationInference.V3_1.TextGenerationInferenceClient");
        foreach (var (method, item) in new[] { ("ChatCompletionsStreamAsync", "ChatCompletionChunk"), ("GenerateStreamStreamAsync", "StreamResponse"), ("CompatGenerateStreamAsync", "StreamResponse") })
        {
            var returns = client.GetMethods().First(m => m.Name == method).ReturnType;
            Assert.Equal(typeof(IAsyncEnumerable<>), returns.GetGenericTypeDefinition());
            Assert.Equal(item, returns.GetGenericArguments()[0].Name);
        }
    }

    public static IEnumerable<object[]> QdrantRequests() => new[]
    {
        new object[] { "create_collection", "CreateCollection", """{"vectors":{"size":4,"distance":"Dot"},"shard_number":1,"on_disk_payload":true}""", """{"shard_number":"one"}""" },
        new object[] { "search_points", "SearchRequest", """{"vector":[0.2,0.1,0.9,0.7],"limit":3,"with_payload":true,"filter":{"must":[{"key":"city","match":{"value":"London"}}]}}""", """{"vector":[0.2],"limit":-1}""" },
        new object[] { "create_field_index", "CreateFieldIndex", """{"field_name":"city","field_schema":"keyword"}""", """{"field_schema":"keyword"}""" },
        new object[] { "recommend_points", "RecommendRequest", """{"positive":[100,231],"negative":[718],"limit":3,"strategy":"average_vector"}""", """{"positive":[100],"limit":"three"}""" },
    };

    [OpenApiTheory]
    [MemberData(nameof(QdrantRequests))]
    public void QdrantRequestsRoundTripAndValidateAgainstTheOpenApiSchema(string operation, string schemaName, string json, string invalid)
    {
        var serializer = TypeOf(Load("Qdrant"), "QdrantApi.QdrantApiSerializer");
        var pascal = Toolkit.Generator.Naming.Names.ToPascalCase(operation);
        var read = serializer.GetMethods().Single(m => m.Name == $"Deserialize{pascal}Request" && m.GetParameters()[0].ParameterType == typeof(ReadOnlyMemory<byte>));
        var write = serializer.GetMethods().Single(m => m.Name == $"Serialize{pascal}Request" && m.GetParameters().Length == 1);

        // A typed request (read from the JSON a user would send, then changed through its typed property) written back.
        var request = read.Invoke(null, new object[] { new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(json)) })!;
        var limit = request.GetType().GetProperty("Limit");
        // Whatever its width (the integer policy: Qdrant's uint64 limit is a ulong).
        if (limit is not null) limit.SetValue(request, Convert.ChangeType(5, Nullable.GetUnderlyingType(limit.PropertyType) ?? limit.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        var written = Encoding.UTF8.GetString((byte[])write.Invoke(null, new[] { request })!);

        var expected = JsonNode.Parse(json)!.AsObject();
        if (limit is not null) expected["limit"] = 5;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(written)), $"sent {json}, written {written}");

        // The original document's schema judges what was written.
        // NJsonSchema resolves references under "definitions": the components move there, as they are.
        var document = File.ReadAllText(Path.Combine(SharedData.Root!, "openapi", "qdrant", "openapi-v1.12.x.json"));
        var components = JsonNode.Parse(document.Replace("\"#/components/schemas/", "\"#/definitions/", StringComparison.Ordinal))!["components"]!["schemas"]!;
        var root = components[schemaName]!.DeepClone().AsObject();
        root["definitions"] = components.DeepClone();
        var schema = JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
        var errors = schema.Validate(written);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.ToString())));
        // And the schema is not one that accepts anything: a request it forbids is refused.
        Assert.NotEmpty(schema.Validate(invalid));
    }

    /// <summary>
    /// OpenAI's whole document (tests/OpenApiClients/OpenAI: imported on build, compiled with nullable, XML docs, trim
    /// and AOT analysis, warnings as errors). A path that carries a literal query (<c>/responses/{response_id}?beta=true</c>)
    /// sends it once, before the operation's own query parameters.
    /// </summary>
    [OpenApiFact("openai/openapi.yaml")]
    public async System.Threading.Tasks.Task OpenAiLiteralQueryIsSentBeforeTheOperationsOwn()
    {
        var assembly = Load("OpenAI");
        var clientType = TypeOf(assembly, "OpenAI.Api.OpenaiApiClient");
        var optionsType = TypeOf(assembly, "OpenAI.Api.OpenaiApiClientOptions");
        var handler = new CaptureUri("""{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"m","output":[],"parallel_tool_calls":true,"tool_choice":"auto","tools":[]}""");
        var client = Activator.CreateInstance(clientType, new System.Net.Http.HttpClient(handler), Activator.CreateInstance(optionsType))!;
        var method = clientType.GetMethods().Single(m => m.Name == "BetaGetResponseAsync" && m.GetParameters()[1].ParameterType == typeof(bool?));
        var arguments = method.GetParameters().Select(p => p.Name switch
        {
            "responseId" => "resp_1",
            "startingAfter" => p.ParameterType == typeof(long?) ? 5L : (object)5,
            "includeObfuscation" => true,
            _ => p.HasDefaultValue ? p.DefaultValue : null,
        }).ToArray();
        try
        {
            await (System.Threading.Tasks.Task)method.Invoke(client, arguments)!;
        }
        catch (Toolkit.Runtime.Json.JsonPayloadException)
        {
            // The answer here is a stand-in; what is checked is the address the call was sent to.
        }
        Assert.Equal("https://api.openai.com/v1/responses/resp_1?beta=true&starting_after=5&include_obfuscation=true", handler.Uri!.AbsoluteUri);
        // The fragment of /v1/conversations#stream-style paths and the literal query never reach the path.
        Assert.DoesNotContain("?beta", handler.Uri.AbsolutePath, StringComparison.Ordinal);
    }

    /// <summary>Answers every request with one JSON body and keeps the request's URI.</summary>
    private sealed class CaptureUri(string json) : System.Net.Http.HttpMessageHandler
    {
        public Uri? Uri { get; private set; }

        protected override System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            return System.Threading.Tasks.Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new System.Net.Http.StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
