using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// <c>alternativePaths</c>: other paths the service serves an operation at, each with its evidence. The contract
/// carries them for routing; a malformed one is a diagnostic at its line and column.
/// </summary>
public sealed class AlternativePathTests
{
    private const string Api = """
        {
          "name": "alt",
          "version": "1.0.0",
          "namespace": "Alt.Api",
          "baseUrl": "https://example.test",
          "pathParameters": { "model": { "description": "The model.", "allowSlashes": true } },
          "operations": {
            "embed": {
              "method": "POST",
              "path": "/pipeline/feature-extraction/{model}",
              "alternativePaths": [
                { "path": "/models/{model}", "evidence": "recorded/embed.json exchange 1" }
              ],
              "payload": { "inputs": { "type": "string", "required": true } },
              "response": { "type": "array", "items": { "type": "number" } }
            }
          }
        }
        """;

    [Fact]
    public void TheContractCarriesTheAlternativesAndTheRequestSchema()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/alt.json", Api));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var source = string.Join("\n", result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Contains("AlternativePathTemplates { get; } = new string[] { \"/models/{model}\" };", source);
        Assert.Contains("RequestJsonSchema", source);
        Assert.Contains("ReadAnswerAsync", source);
    }

    [Theory]
    [InlineData("{ \"path\": \"/models/{model}/{other}\", \"evidence\": \"e\" }", "TK0010", "\"/models/{model}/{other}\"")]
    [InlineData("{ \"path\": \"/models\", \"evidence\": \"e\" }", "TK0010", "\"/models\"")]
    [InlineData("{ \"path\": \"/pipeline/feature-extraction/{model}\", \"evidence\": \"e\" }", "TK0010", "\"/pipeline/feature-extraction/{model}\", \"evidence\": \"e\" }")]
    [InlineData("{ \"path\": \"/models/{model}\", \"evidence\": \" \" }", "TK0010", "\" \"")]
    [InlineData("{ \"path\": \"/models/{model}\" }", "TK0002", "{ \"path\": \"/models/{model}\" }")]
    [InlineData("{ \"path\": \"/models/{model}\", \"evidence\": \"e\", \"why\": 1 }", "TK0009", "\"why\"")]
    public void AMalformedAlternativeIsADiagnosticAtItsPlace(string alternative, string id, string marker)
    {
        var spec = Api.Replace("{ \"path\": \"/models/{model}\", \"evidence\": \"recorded/embed.json exchange 1\" }", alternative);
        Assert.NotEqual(Api, spec);
        var (result, _) = GeneratorHarness.Run(("/specs/alt.json", spec));
        Assert.Null(result.Results.Single().Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var at = spec.IndexOf(marker, spec.IndexOf("alternativePaths", System.StringComparison.Ordinal), System.StringComparison.Ordinal);
        var line = spec.Take(at).Count(c => c == '\n');
        var column = at - (spec.LastIndexOf('\n', at - 1) + 1);
        Assert.Equal((line, column), (diagnostic.Location.GetLineSpan().StartLinePosition.Line, diagnostic.Location.GetLineSpan().StartLinePosition.Character));
    }
}
