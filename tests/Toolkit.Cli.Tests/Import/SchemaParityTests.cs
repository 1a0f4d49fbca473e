using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// One schema-to-spec mapping: the same JSON Schema constructs, written once as a Hugging Face task schema and once
/// as an OpenAPI 3.1 request body, import to the same field types (names aside: task schemas name types from titles,
/// OpenAPI leaves that to the generator; <c>origin</c> and descriptions aside).
/// </summary>
public sealed class SchemaParityTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-parity-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>The constructs, by field name: each where the two importers used to map it each their own way.</summary>
    private const string Properties = """
        {
          "early_stopping": { "type": ["boolean", "string"], "enum": ["never", true, false] },
          "maybe_text": { "$ref": "#/$defs/MaybeText" },
          "or_null": { "oneOf": [ { "type": "integer" }, { "type": "null" } ] },
          "text_or_texts": { "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] },
          "count": { "type": "integer", "exclusiveMinimum": 0, "maximum": 10, "default": "3" },
          "mode": { "oneOf": [ { "const": "fast" }, { "const": "exact" } ] },
          "number_or_text": { "oneOf": [ { "type": "integer" }, { "type": "number" }, { "type": "string" } ] },
          "scores": { "type": "object", "additionalProperties": { "type": "number" } },
          "nested": { "oneOf": [ { "type": "boolean" }, { "oneOf": [ { "type": "string" }, { "type": "integer" } ] } ] }
        }
        """;

    private const string MaybeText = """{ "type": ["string", "null"] }""";

    [Fact]
    public void TheSameConstructsImportAsTheSameTypesFromATaskSchemaAndFromOpenApi()
    {
        var input = Path.Combine(_dir.FullName, "input.json");
        var output = Path.Combine(_dir.FullName, "output.json");
        File.WriteAllText(input, $$"""
            { "$id": "/inference/schemas/parity/input.json", "$schema": "http://json-schema.org/draft-06/schema#", "title": "ParityInput",
              "type": "object", "properties": {{Properties}}, "$defs": { "MaybeText": {{MaybeText}} } }
            """);
        File.WriteAllText(output, """{ "title": "ParityOutput", "type": "object", "properties": { "label": { "type": "string" } } }""");
        var taskSpec = Path.Combine(_dir.FullName, "task.json");
        var (exit, text, error) = CliRunner.Run("import", input, output, "--out", taskSpec);
        Assert.True(exit == 0, text + error);
        var fromTask = JsonNode.Parse(File.ReadAllText(taskSpec))!["payload"]!.AsObject();

        var document = Path.Combine(_dir.FullName, "parity.json");
        File.WriteAllText(document, $$"""
            { "openapi": "3.1.0", "info": { "title": "parity", "version": "1.0.0" },
              "paths": { "/parity": { "post": { "operationId": "parity",
                "requestBody": { "content": { "application/json": { "schema": { "type": "object", "properties": {{Properties.Replace("#/$defs/", "#/components/schemas/", StringComparison.Ordinal)}} } } } },
                "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object", "properties": { "label": { "type": "string" } } } } } } } } } },
              "components": { "schemas": { "MaybeText": {{MaybeText}} } } }
            """);
        var (openApiExit, _, openApiError, spec, _) = CliRunner.Import(_dir, document);
        Assert.True(openApiExit == ExitCodes.Success, openApiError);
        var fromOpenApi = spec!["operations"]!["parity"]!["payload"]!.AsObject();

        foreach (var (name, _) in JsonNode.Parse(Properties)!.AsObject())
        {
            var task = Types(fromTask[name]);
            var openApi = Types(fromOpenApi[name]);
            Assert.True(JsonNode.DeepEquals(task, openApi), $"{name}: task schema {task?.ToJsonString()} but OpenAPI {openApi?.ToJsonString()}");
        }
        // What the constructs are, so that agreeing on something else fails too.
        Same("""{"type":"union","variants":[{"type":"enum","values":["never"]},{"type":"boolean"}]}""", fromTask["early_stopping"]);
        Same("""{"type":"string","nullable":true}""", fromTask["maybe_text"]);
        Same("""{"type":"integer","nullable":true}""", fromTask["or_null"]);
        Same("""{"type":"integer","default":3,"minimum":1,"maximum":10}""", fromTask["count"]);
        Same("""{"type":"union","variants":[{"type":"number"},{"type":"string"}]}""", fromTask["number_or_text"]);
        Same("""{"type":"union","variants":[{"type":"boolean"},{"type":"string"},{"type":"integer"}]}""", fromTask["nested"]);
    }

    private static void Same(string expected, JsonNode? field)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), Types(field)), $"expected {expected}, imported {Types(field)?.ToJsonString()}");

    /// <summary>A field without what only names or documents it.</summary>
    private static JsonNode? Types(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o)
                {
                    if (key is "typeName" or "origin" or "description" or "name") continue;
                    result[key] = Types(value);
                }
                return result;
            case JsonArray a:
                return new JsonArray(a.Select(Types).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
