using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// An operation's own <c>headers</c>: constants that every call of that operation sends (Replicate's
/// <c>Prefer: wait</c>), never parameters; a malformed one is a diagnostic at its place.
/// </summary>
public sealed class OperationHeaderTests
{
    private const string Api = """
        {
          "name": "waiting",
          "version": "1.0.0",
          "namespace": "Waiting.Api",
          "baseUrl": "https://example.test",
          "headers": { "x-trace": { "type": "string", "scope": "request", "description": "A trace id." } },
          "operations": {
            "predict": {
              "method": "POST",
              "path": "/predictions",
              "headers": { "prefer": { "const": "wait", "description": "Answer when done." } },
              "payload": { "prompt": { "type": "string", "required": true } },
              "response": { "type": "object", "properties": { "status": { "type": "string", "required": true } } }
            },
            "peek": {
              "method": "POST",
              "path": "/peek",
              "payload": { "prompt": { "type": "string", "required": true } },
              "response": { "type": "object", "properties": { "status": { "type": "string", "required": true } } }
            }
          }
        }
        """;

    [Fact]
    public void TheOperationSendsItsConstantHeaderAndNoOtherOperationDoes()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/waiting.json", Api));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var client = GeneratorHarness.TypeSource(result, "WaitingClient");
        var line = "global::Toolkit.Runtime.Transport.ApiHeaders.Add(message, \"prefer\", \"wait\");";
        Assert.Equal(1, client.Split(line).Length - 1);
        var predict = client.Substring(client.IndexOf("CreateRequestPredict(", System.StringComparison.Ordinal));
        Assert.Contains(line, predict.Substring(0, predict.IndexOf("CreateRequestPeek(", System.StringComparison.Ordinal) is var end and > 0 ? end : predict.Length));
        // Not a parameter: the methods take the prompt, options and a token only.
        var method = output.GetTypeByMetadataName("Waiting.Api.WaitingClient")!.GetMembers("PredictAsync").OfType<IMethodSymbol>()
            .Single(m => m.Parameters.Any(p => p.Name == "prompt"));
        Assert.Equal(new[] { "prompt", "options", "cancellationToken" }, method.Parameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("{ \"const\": \"wait\", \"description\": \"Answer when done.\" }", "{ \"description\": \"Answer when done.\" }", "TK0002", "{ \"description\"")]
    [InlineData("\"const\": \"wait\"", "\"const\": \"wait\\r\\nx-evil: 1\"", "TK0010", "\"wait\\r\\nx-evil: 1\"")]
    [InlineData("\"const\": \"wait\"", "\"const\": 5", "TK0010", "5")]
    [InlineData("\"prefer\": {", "\"x-trace\": {", "TK0011", "\"x-trace\"")]
    [InlineData("\"prefer\": {", "\"pre fer\": {", "TK0010", "{ \"const\"")]
    [InlineData("\"description\": \"Answer when done.\" }", "\"description\": \"Answer when done.\", \"scope\": \"client\" }", "TK0009", "\"scope\"")]
    public void AMalformedConstantHeaderIsADiagnosticAtItsPlace(string find, string replace, string id, string marker)
    {
        var spec = Api.Replace(find, replace);
        Assert.NotEqual(Api, spec);
        var (result, _) = GeneratorHarness.Run(("/specs/waiting.json", spec));
        Assert.Null(result.Results.Single().Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        var at = spec.IndexOf(marker, spec.IndexOf("\"headers\": { \"", spec.IndexOf("operations", System.StringComparison.Ordinal), System.StringComparison.Ordinal), System.StringComparison.Ordinal);
        Assert.True(at > 0, marker);
        Assert.Equal(spec.Take(at).Count(c => c == '\n'), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void TheDiffReportsAChangedConstantHeader()
    {
        var old = Parsing.SpecParser.Parse("/specs/waiting.json", Api, null, default).Value!;
        var changed = Parsing.SpecParser.Parse("/specs/waiting.json", Api.Replace("\"const\": \"wait\"", "\"const\": \"wait=30\""), null, default).Value!;
        var change = Assert.Single(SpecDiff.Compare(old, changed));
        Assert.Equal("TKD049", change.Rule.Id);
        Assert.Equal(("prefer: wait", "prefer: wait=30"), (change.OldValue, change.NewValue));
        Assert.Equal(ChangeSeverity.Warning, change.Severity);
    }
}
