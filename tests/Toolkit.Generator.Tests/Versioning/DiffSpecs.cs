using System.Threading;
using Toolkit.Generator.Model;
using Toolkit.Generator.Parsing;
using Xunit;

namespace Toolkit.Generator.Tests.Versioning;

/// <summary>A spec with something of every kind the diff engine compares; each test changes one thing.</summary>
internal static class DiffSpecs
{
    public const string Base = """
        {
          "name": "demo",
          "version": "1.0.0",
          "namespace": "Demo.Api",
          "operation": "run",
          "request": {
            "method": "POST",
            "path": "/models/{model}",
            "baseUrl": "https://example.test",
            "pathParameters": { "model": { "description": "The model." } },
            "body": { "rawField": "inputs", "rawContentType": "image/png" }
          },
          "payload": {
            "inputs": { "type": "string", "format": "binary", "required": true },
            "parameters": {
              "type": "object",
              "properties": {
                "threshold": { "type": "number", "minimum": 0, "maximum": 1, "default": 0.5 },
                "mode": { "type": "enum", "values": ["fast", "slow"] },
                "top_k": { "type": "integer" },
                "note": { "type": "string", "nullable": true }
              }
            }
          },
          "headers": {
            "x-use-cache": { "type": "boolean", "scope": "request", "default": true }
          },
          "response": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "label": { "type": "string", "required": true },
                "score": { "type": "number", "minimum": 0, "maximum": 1 },
                "kind": { "type": "enum", "values": ["a", "b"] }
              }
            }
          }
        }
        """;

    public static SpecModel Parse(string text, string path = "/specs/demo.json")
    {
        var result = SpecParser.Parse(path, text, null, CancellationToken.None);
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        return result.Value!;
    }
}
