using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// <c>abstraction</c>: an operation with the shape of a chat completion or an embeddings call. Checked where it is
/// written; the adapters themselves are generated only with Toolkit.AI referenced (tests/Toolkit.AI.Tests).
/// </summary>
public sealed class AbstractionTests
{
    private const string Api = """
        {
          "name": "shapes",
          "version": "1.0.0",
          "namespace": "Shapes.Api",
          "baseUrl": "https://example.test",
          "pathParameters": { "model": { "allowSlashes": true, "clientDefault": true } },
          "operations": {
            "chat": {
              "abstraction": "chat-completion",
              "method": "POST",
              "path": "/models/{model}/v1/chat/completions",
              "payload": { "messages": { "type": "array", "required": true, "items": { "type": "object", "typeName": "Message",
                "properties": { "role": { "type": "string", "required": true }, "content": { "type": "string" } } } } },
              "response": { "type": "object", "properties": { "id": { "type": "string" } } }
            },
            "embed": {
              "abstraction": "embeddings",
              "method": "POST",
              "path": "/embed",
              "payload": { "inputs": { "type": "array", "items": { "type": "string" } } },
              "response": { "type": "array", "items": { "type": "array", "items": { "type": "number" } } }
            }
          }
        }
        """;

    [Fact]
    public void WithoutToolkitAIReferencedTheSpecGeneratesNoAdapter()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/shapes.json", Api));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var source = string.Join("\n", result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.DoesNotContain("AIExtensions", source);
    }

    [Theory]
    [InlineData("\"abstraction\": \"chat-completion\"", "\"abstraction\": \"chat\"", 0, "\"chat-completion\" or \"embeddings\"")]
    [InlineData("\"abstraction\": \"embeddings\"", "\"abstraction\": \"chat-completion\"", 1, "'messages'")]
    [InlineData("\"abstraction\": \"chat-completion\"", "\"abstraction\": \"embeddings\"", 0, "'input' or 'inputs'")]
    [InlineData("\"path\": \"/embed\"", "\"path\": \"/tenants/{tenant}/embed\", \"pathParameters\": { \"tenant\": {} }", 1, "{model} (it has {tenant})")]
    public void AShapeTheOperationDoesNotHaveIsADiagnosticAtTheKey(string from, string to, int operation, string message)
    {
        var index = Api.IndexOf(from, System.StringComparison.Ordinal);
        var spec = Api.Substring(0, index) + to + Api.Substring(index + from.Length);
        var (result, _) = GeneratorHarness.Run(("/specs/shapes.json", spec));
        Assert.Null(result.Results.Single().Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "TK0010");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // At the operation's "abstraction" value.
        var at = -1;
        for (var i = 0; i <= operation; i++) at = spec.IndexOf("\"abstraction\"", at + 1, System.StringComparison.Ordinal);
        var line = spec.Take(at).Count(c => c == '\n');
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }
}
