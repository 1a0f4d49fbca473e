using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>Specs other than image segmentation: every type and option of the format compiles without a warning.</summary>
public sealed class GeneralSpecTests
{
    private const string KitchenSink = """
        {
          "name": "kitchen-sink",
          "version": "2.1.0-beta.1+build.7",
          "description": "Every feature of the spec format at once.",
          "namespace": "Acme.Sink.V2",
          "operation": "classify-text",
          "request": {
            "method": "PUT",
            "path": "/v{version}/items/{item-id}/classify",
            "baseUrl": "http://localhost:8080/base/",
            "pathParameters": {
              "version": { "default": "2", "description": "API version segment." },
              "item-id": { "description": "The item; may contain slashes.", "allowSlashes": false }
            }
          },
          "payload": {
            "text": { "type": "string", "required": true, "description": "Text with <xml> & \"quotes\"\nand a second line." },
            "top_k": { "type": "integer", "minimum": 1, "maximum": 100, "default": 5 },
            "strict": { "type": "boolean", "default": false },
            "labels": { "type": "array", "items": { "type": "string" } },
            "weights": { "type": "array", "items": { "type": "array", "items": { "type": "number" } } },
            "filters": {
              "type": "array",
              "items": {
                "type": "object",
                "typeName": "SinkFilter",
                "properties": {
                  "field": { "type": "string", "required": true },
                  "op": { "type": "enum", "values": ["eq", "ne", { "value": "in", "name": "InSet" }], "required": true },
                  "value": { "type": "string", "nullable": true, "required": true }
                }
              }
            },
            "options": {
              "type": "object",
              "properties": {
                "language": { "type": "enum", "values": ["en", "fr", "unknown"], "default": "en" },
                "blob": { "type": "string", "format": "binary" },
                "nested": { "type": "object", "properties": { "depth": { "type": "integer", "required": true } } }
              }
            },
            "class": { "type": "string", "description": "A field named like a C# keyword." }
          },
          "headers": {
            "x-api-key": { "type": "string", "scope": "client", "required": true },
            "x-retries": { "type": "integer", "scope": "request", "default": 0 },
            "x-temperature": { "type": "number", "scope": "request" },
            "x-debug": { "type": "boolean", "scope": "client", "property": "DebugMode" }
          },
          "response": {
            "type": "object",
            "typeName": "SinkResult",
            "properties": {
              "scores": { "type": "array", "required": true, "items": { "type": "object", "typeName": "SinkScore", "properties": {
                "label": { "type": "string", "required": true },
                "score": { "type": "number", "required": true, "minimum": 0, "maximum": 1 },
                "kind": { "type": "enum", "values": ["good", "bad"] }
              } } },
              "masks": { "type": "array", "items": { "type": "string", "format": "mask" } },
              "count": { "type": "integer", "required": true, "nullable": true },
              "done": { "type": "boolean" }
            }
          },
          "errors": { "message": { "field": "message" } }
        }
        """;

    [Fact]
    public void KitchenSinkSpecCompilesWithoutWarnings()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/sink.json", KitchenSink));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var client = output.GetTypeByMetadataName("Acme.Sink.V2.KitchenSinkClient")!;
        var methods = client.GetMembers("ClassifyTextAsync").OfType<IMethodSymbol>().ToList();
        Assert.Equal(2, methods.Count); // fields as arguments, and the whole request; no raw body, so no stream/file overloads
        var options = output.GetTypeByMetadataName("Acme.Sink.V2.KitchenSinkClientOptions")!;
        foreach (var name in new[] { "ApiKey", "DebugMode", "Version", "ItemId", "BaseAddress" }) Assert.NotEmpty(options.GetMembers(name));
        Assert.Empty(options.GetMembers("LoadingRetry")); // no loading status declared
        var language = output.GetTypeByMetadataName("Acme.Sink.V2.KitchenSinkLanguage")!;
        Assert.NotEmpty(language.GetMembers("UnknownValue")); // "unknown" is a real value, so the fallback is renamed
    }

    [Fact]
    public void UsingTheGeneratedKitchenSinkCompiles()
    {
        const string usage = """
            using System.Threading.Tasks;
            using Acme.Sink.V2;
            namespace Consumer
            {
                /// <summary>Uses the client.</summary>
                public static class Use
                {
                    /// <summary>Calls it.</summary>
                    public static async Task<SinkResult> Run(System.Net.Http.HttpClient http)
                    {
                        var client = new KitchenSinkClient(http, new KitchenSinkClientOptions { ApiKey = "k", ItemId = "a/b" });
                        var result = await client.ClassifyTextAsync("hello", topK: 3, filters: new[] { new SinkFilter { Field = "f", Op = KitchenSinkOp.InSet, Value = null } },
                            options: new KitchenSinkRequestOptions { Retries = 2, Temperature = 0.5 });
                        foreach (var s in result.Scores) { _ = s.Label; _ = s.Kind; }
                        int? count = result.Count;
                        _ = count;
                        var json = KitchenSinkSerializer.SerializeResponse(result);
                        return KitchenSinkSerializer.DeserializeResponse(json);
                    }
                }
            }
            """;
        var (result, output) = GeneratorHarness.Run(("/specs/sink.json", KitchenSink));
        Assert.Empty(result.Diagnostics);
        var withUsage = output.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(usage, GeneratorHarness.ParseOptions, path: "Use.cs"));
        Assert.Empty(GeneratorHarness.CompileErrors(withUsage));
    }
}
