using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// Wire plumbing is not on the public surface: the operation's stream flag and an optional body field that repeats a
/// path parameter are filled by the client, so their properties are internal (the serializer still writes them).
/// </summary>
public sealed class WirePlumbingTests
{
    private const string Api = """
        {
          "name": "plumbing",
          "version": "1.0.0",
          "namespace": "Plumbing.Api",
          "baseUrl": "https://example.test",
          "pathParameters": { "model": { "allowSlashes": true, "clientDefault": true } },
          "operations": {
            "chat": {
              "method": "POST",
              "path": "/models/{model}/v1/chat/completions",
              "payload": {
                "model": { "type": "string", "nullable": true, "property": "BodyModel" },
                "messages": { "type": "array", "required": true, "items": { "type": "string" } },
                "stream": { "type": "boolean" },
                "user": { "type": "string" }
              },
              "response": { "type": "object", "properties": { "id": { "type": "string" } } },
              "stream": { "field": "stream", "event": { "type": "object", "typeName": "Chunk", "properties": { "id": { "type": "string" } } } }
            },
            "classify": {
              "method": "POST",
              "path": "/classify/{model}",
              "payload": { "model": { "type": "string", "required": true }, "inputs": { "type": "string", "required": true } },
              "response": { "type": "object", "properties": { "label": { "type": "string" } } }
            }
          }
        }
        """;

    private static Accessibility Access(Compilation output, string type, string property)
        => output.GetTypeByMetadataName("Plumbing.Api." + type)!.GetMembers(property).Single().DeclaredAccessibility;

    [Fact]
    public void TheStreamFlagAndTheBodyCopyOfThePathAreInternal()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/plumbing.json", Api));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.Equal(Accessibility.Internal, Access(output, "ChatRequest", "Stream"));
        Assert.Equal(Accessibility.Internal, Access(output, "ChatRequest", "BodyModel"));
        Assert.Equal(Accessibility.Public, Access(output, "ChatRequest", "Messages"));
        Assert.Equal(Accessibility.Public, Access(output, "ChatRequest", "User"));
        // A required field the caller must set stays theirs, even when named as a path parameter.
        Assert.Equal(Accessibility.Public, Access(output, "ClassifyRequest", "Model"));

        // The client sends the path's model in the body, for the whole and the streamed form alike.
        var source = string.Join("\n", result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Contains("RequestBodies.SetString(message, \"model\", pathModel)", source);
        Assert.Contains("CreateRequestChat(uri, request, options, model ?? _options.Model)", source);
        Assert.Contains("CreateStreamRequestChat(uri, request, options, model ?? _options.Model)", source);
        Assert.DoesNotContain("RequestBodies.SetString(message, \"model\", pathModel);\n", source.Substring(source.IndexOf("CreateRequestClassify", System.StringComparison.Ordinal)));
    }
}
