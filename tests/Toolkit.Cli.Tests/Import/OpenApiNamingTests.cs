using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// What real documents (OpenAI's among them) contain that a name must be made for, each on a small hand-written
/// document: imported, compiled as the strictest project would, and called. Names come from the document's own names
/// and where things sit, never from a counter, and stay put when unrelated parts of the document change.
/// </summary>
public sealed class OpenApiNamingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-openapi-naming-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Imports <paramref name="yaml"/> and compiles the spec (nullable, XML docs, warnings as errors).</summary>
    private (JsonObject Spec, Assembly Assembly, string Output) ImportAndCompile(string yaml)
    {
        var (exit, output, error, spec, specPath) = CliRunner.Import(_dir, Write("api.yaml", yaml));
        Assert.True(exit == ExitCodes.Success, error + output);
        var (assembly, problems) = Specs.SpecCompiler.CompileAssembly(specPath, strict: true);
        Assert.True(assembly is not null, string.Join("\n", problems));
        return (spec!, assembly!, output);
    }

    private const string Header = """
        openapi: 3.1.0
        info: { title: Naming, version: 1.0.0 }
        servers: [ { url: "https://api.naming.test/v1" } ]

        """;

    private const string Containers = Header + """
        paths:
          /containers:
            post:
              operationId: createContainer
              requestBody:
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Container" }
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Container" }
        components:
          schemas:
            Container:
              type: object
              properties:
                memory_limit: { type: string, enum: ["1g", "4g", "16g", "64g"] }
                size: { type: string, enum: ["1024x1024", "1536x1024", "auto"] }
                offset: { type: string, enum: ["+1", "-1", "0"] }
        """;

    [Fact]
    public void EnumValuesThatStartWithADigitOrAreSymbolsGetReadableNamesAndKeepTheirWireValues()
    {
        var (_, assembly, _) = ImportAndCompile(Containers);
        var memory = assembly.GetTypes().Single(t => t.Name == "ContainerMemoryLimit");
        Assert.Equal(new[] { "Unknown", "Value1g", "Value4g", "Value16g", "Value64g" }, Enum.GetNames(memory));
        var size = assembly.GetTypes().Single(t => t.Name == "ContainerSize");
        Assert.Equal(new[] { "Unknown", "Value1024x1024", "Value1536x1024", "Auto" }, Enum.GetNames(size));
        // "+1" and "-1" would both be "1": each spells its sign out, so what tells them apart on the wire does in C#.
        var offset = assembly.GetTypes().Single(t => t.Name == "ContainerOffset");
        Assert.Equal(new[] { "Unknown", "Value1", "Minus1", "Value0" }, Enum.GetNames(offset));

        // The wire keeps the document's values, both ways.
        var serializer = assembly.GetTypes().Single(t => t.Name == "NamingSerializer");
        var read = serializer.GetMethods().Single(m => m.Name == "DeserializeCreateContainerResponse" && m.GetParameters()[0].ParameterType == typeof(ReadOnlyMemory<byte>));
        var container = read.Invoke(null, new object[] { new ReadOnlyMemory<byte>("""{"memory_limit":"16g","size":"1024x1024","offset":"-1"}"""u8.ToArray()) })!;
        Assert.Equal("Value16g", container.GetType().GetProperty("MemoryLimit")!.GetValue(container)!.ToString());
        Assert.Equal("Minus1", container.GetType().GetProperty("Offset")!.GetValue(container)!.ToString());
        var write = serializer.GetMethods().Single(m => m.Name == "SerializeCreateContainerResponse" && m.GetParameters().Length == 1);
        var written = System.Text.Encoding.UTF8.GetString((byte[])write.Invoke(null, new[] { container })!);
        Assert.Equal("""{"memory_limit":"16g","size":"1024x1024","offset":"-1"}""", written);
    }

    private const string AuditLog = Header + """
        paths:
          /audit_logs:
            get:
              operationId: listAuditLogs
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/AuditLog" }
        components:
          schemas:
            AuditLog:
              type: object
              properties:
                api_key.created:
                  type: object
                  properties:
                    id: { type: string }
                    data: { type: object, properties: { scopes: { type: array, items: { type: string } } } }
                project.created:
                  type: object
                  properties:
                    id: { type: string }
                    data: { type: object, properties: { name: { type: string } } }
                    configs: { type: array, items: { type: object, properties: { cidr: { type: string } } } }
                ip_allowlist.updated:
                  type: object
                  properties:
                    configs: { type: array, items: { type: object, properties: { range: { type: string } } } }
                    turn_detection: { type: object, properties: { silence_ms: { type: integer } } }
                turn_detection:
                  type: object
                  properties: { threshold: { type: number } }
        """;

    [Fact]
    public void InlineSchemasThatShareAFieldNameAreToldApartByWhereTheySit()
    {
        var (_, assembly, _) = ImportAndCompile(AuditLog);
        string TypeOf(string path)
        {
            object? type = assembly.GetTypes().Single(t => t.Name == "AuditLog");
            var current = (Type)type;
            foreach (var property in path.Split('.'))
            {
                var p = current.GetProperty(property) ?? throw new Xunit.Sdk.XunitException($"{current.Name} has no {property}");
                current = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                if (current.IsGenericType) current = current.GetGenericArguments()[0];
            }
            return current.Name;
        }
        // The first 'data' keeps the short name; the others are named after their parent, never numbered.
        Assert.Equal("AuditLogData", TypeOf("ApiKeyCreated.Data"));
        Assert.Equal("AuditLogProjectCreatedData", TypeOf("ProjectCreated.Data"));
        Assert.Equal("AuditLogConfigsItem", TypeOf("ProjectCreated.Configs"));
        Assert.Equal("AuditLogIpAllowlistUpdatedConfigsItem", TypeOf("IpAllowlistUpdated.Configs"));
        // A field of the definition itself has the first claim to its name, even when a nested one comes first.
        Assert.Equal("AuditLogTurnDetection", TypeOf("TurnDetection"));
        Assert.Equal("AuditLogIpAllowlistUpdatedTurnDetection", TypeOf("IpAllowlistUpdated.TurnDetection"));
    }

    [Fact]
    public void NamesStayPutWhenUnrelatedPartsOfTheDocumentChange()
    {
        static string[] Names(Assembly a) => a.GetTypes().Where(t => t.Name.StartsWith("AuditLog", StringComparison.Ordinal)).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var before = Names(ImportAndCompile(AuditLog).Assembly);
        // Another schema with 'data' fields, another operation: nothing of AuditLog's is renamed.
        var grown = AuditLog.Replace("components:\n  schemas:\n", """
            components:
              schemas:
                Batch:
                  type: object
                  properties:
                    data: { type: object, properties: { n: { type: integer } } }
                    errors: { type: object, properties: { data: { type: object, properties: { line: { type: integer } } } } }

            """).Replace("paths:\n", """
            paths:
              /batches:
                get:
                  operationId: listBatches
                  responses:
                    "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Batch" } } } }

            """);
        Assert.NotEqual(AuditLog, grown);
        var after = Names(ImportAndCompile(grown).Assembly);
        Assert.Equal(before, after);
    }

    private const string Responses = Header + """
        paths:
          /responses/{response_id}?beta=true:
            get:
              operationId: betaGetResponse
              parameters:
                - { name: response_id, in: path, required: true, schema: { type: string } }
                - { name: limit, in: query, schema: { type: integer, format: int32 } }
              responses:
                "200": { description: ok, content: { application/json: { schema: { type: object, properties: { id: { type: string } } } } } }
          /responses/{response_id}:
            get:
              operationId: getResponse
              parameters:
                - { name: response_id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: ok, content: { application/json: { schema: { type: object, properties: { id: { type: string } } } } } }
          /conversations#stream:
            post:
              operationId: streamConversation
              responses:
                "200": { description: ok, content: { application/json: { schema: { type: object, properties: { id: { type: string } } } } } }
        """;

    [Fact]
    public async Task APathWithALiteralQuerySendsItOnceBeforeTheOperationsOwnAndAFragmentIsNotSent()
    {
        var (spec, assembly, output) = ImportAndCompile(Responses);
        Assert.Equal("/responses/{response_id}", spec["operations"]!["betaGetResponse"]!["path"]!.GetValue<string>());
        Assert.Equal("true", spec["operations"]!["betaGetResponse"]!["query"]!["beta"]!["const"]!.GetValue<string>());
        Assert.Equal("/conversations", spec["operations"]!["streamConversation"]!["path"]!.GetValue<string>());
        Assert.Contains("fragment '#stream' is not sent", output);

        var clientType = assembly.GetTypes().Single(t => t.Name == "NamingClient");
        var optionsType = assembly.GetTypes().Single(t => t.Name == "NamingClientOptions");
        var handler = new Capture();
        var client = Activator.CreateInstance(clientType, new System.Net.Http.HttpClient(handler), Activator.CreateInstance(optionsType))!;
        async Task<string> Call(string name, params object?[] leading)
        {
            var method = clientType.GetMethods().Where(m => m.Name == name).OrderBy(m => m.GetParameters().Length).First();
            var parameters = method.GetParameters();
            var arguments = parameters.Select((p, i) => i < leading.Length ? leading[i] : p.HasDefaultValue ? p.DefaultValue : null).ToArray();
            await (Task)method.Invoke(client, arguments)!;
            return handler.Uri!.AbsoluteUri;
        }
        // Not "?beta=true?limit=10": one query string, the constant first. The constant is no parameter to pass.
        Assert.Equal("https://api.naming.test/v1/responses/r1?beta=true&limit=10", await Call("BetaGetResponseAsync", "r1", 10));
        Assert.Equal("https://api.naming.test/v1/responses/r1?beta=true", await Call("BetaGetResponseAsync", "r1"));
        Assert.Equal("https://api.naming.test/v1/responses/r1", await Call("GetResponseAsync", "r1"));
        Assert.Equal("https://api.naming.test/v1/conversations", await Call("StreamConversationAsync"));
        Assert.DoesNotContain(clientType.GetMethods().Where(m => m.Name == "BetaGetResponseAsync").SelectMany(m => m.GetParameters()), p => p.Name == "beta");
    }

    [Fact]
    public void TypeListsWithNullAndConstBecomeNullableFieldsAndOneValueEnums()
    {
        var (spec, assembly, _) = ImportAndCompile(Header + """
            paths:
              /items:
                get:
                  operationId: getItem
                  responses:
                    "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Item" } } } }
            components:
              schemas:
                Item:
                  type: object
                  required: [object, note]
                  properties:
                    object: { const: item }
                    note: { type: [string, "null"] }
                    count: { type: [integer, "null"], format: int64 }
            """);
        var item = spec["definitions"]!["Item"]!["properties"]!;
        Assert.True(item["note"]!["nullable"]!.GetValue<bool>());
        Assert.Equal("string", item["note"]!["type"]!.GetValue<string>());
        Assert.Equal("enum", item["object"]!["type"]!.GetValue<string>());
        Assert.Equal("item", item["object"]!["values"]![0]!.GetValue<string>());

        var serializer = assembly.GetTypes().Single(t => t.Name == "NamingSerializer");
        var read = serializer.GetMethods().Single(m => m.Name == "DeserializeGetItemResponse" && m.GetParameters()[0].ParameterType == typeof(ReadOnlyMemory<byte>));
        var value = read.Invoke(null, new object[] { new ReadOnlyMemory<byte>("""{"object":"item","note":null,"count":null}"""u8.ToArray()) })!;
        Assert.Null(value.GetType().GetProperty("Note")!.GetValue(value));
        Assert.Equal(typeof(long?), value.GetType().GetProperty("Count")!.PropertyType);
    }

    [Fact]
    public void AnAlternativeWhoseDiscriminatorHasSeveralValuesIsReadForEach()
    {
        var (spec, assembly, _) = ImportAndCompile(Header + """
            paths:
              /tools:
                get:
                  operationId: getTool
                  responses:
                    "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Tool" } } } }
            components:
              schemas:
                Tool:
                  discriminator: { propertyName: type }
                  oneOf:
                    - $ref: "#/components/schemas/FunctionTool"
                    - $ref: "#/components/schemas/WebSearchTool"
                FunctionTool:
                  type: object
                  required: [type, name]
                  properties: { type: { type: string, enum: [function] }, name: { type: string } }
                WebSearchTool:
                  type: object
                  required: [type]
                  properties: { type: { type: string, enum: [web_search, web_search_2025_08_26] } }
            """);
        Assert.Equal(new[] { "web_search", "web_search_2025_08_26" }, spec["definitions"]!["Tool"]!["variants"]![1]!["tag"]!.AsArray().Select(t => t!.GetValue<string>()));
        var serializer = assembly.GetTypes().Single(t => t.Name == "NamingSerializer");
        var read = serializer.GetMethods().Single(m => m.Name == "DeserializeGetToolResponse" && m.GetParameters()[0].ParameterType == typeof(ReadOnlyMemory<byte>));
        object Kind(string json)
        {
            var tool = read.Invoke(null, new object[] { new ReadOnlyMemory<byte>(System.Text.Encoding.UTF8.GetBytes(json)) })!;
            return tool.GetType().GetProperty("Kind")!.GetValue(tool)!.ToString()!;
        }
        Assert.Equal("WebSearch", Kind("""{"type":"web_search"}"""));
        Assert.Equal("WebSearch", Kind("""{"type":"web_search_2025_08_26"}"""));
        Assert.Equal("Function", Kind("""{"type":"function","name":"f"}"""));
        var unknown = Assert.Throws<TargetInvocationException>(() => Kind("""{"type":"mcp"}"""));
        Assert.Contains("\"web_search_2025_08_26\"", unknown.InnerException!.Message);
    }

    [Fact]
    public void AStringOrOneOfSomeKnownValuesIsAString()
    {
        var (spec, assembly, output) = ImportAndCompile(Header + """
            paths:
              /models:
                get:
                  operationId: getModel
                  responses:
                    "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Model" } } } }
            components:
              schemas:
                ModelIds:
                  anyOf:
                    - { type: string }
                    - { type: string, enum: [gpt-4o, gpt-4o-mini] }
                    - { type: string, enum: [o3] }
                Model:
                  type: object
                  properties:
                    id: { $ref: "#/components/schemas/ModelIds" }
            """);
        Assert.Equal("string", spec["definitions"]!["Model"]!["properties"]!["id"]!["type"]!.GetValue<string>());
        Assert.Contains("imported as a string (the 3 listed are examples, not a limit)", output);
        Assert.Equal(typeof(string), assembly.GetTypes().Single(t => t.Name == "Model").GetProperty("Id")!.PropertyType);
    }

    /// <summary>Answers every request with an empty JSON object and keeps the request's URI.</summary>
    private sealed class Capture : System.Net.Http.HttpMessageHandler
    {
        public Uri? Uri { get; private set; }

        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            return Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new System.Net.Http.StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
