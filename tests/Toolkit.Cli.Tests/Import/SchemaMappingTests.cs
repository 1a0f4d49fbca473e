using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// The schema-to-spec mapping's rules for nullability and scalar-or-list unions, on small OpenAPI documents (3.0 and
/// 3.1), each rule where today's real documents use it.
/// </summary>
public sealed class SchemaMappingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-mapping-");

    public void Dispose() => _dir.Delete(recursive: true);

    private JsonObject Definitions(string name, string document, out string output)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, document);
        var (exit, text, error, spec, _) = CliRunner.Import(_dir, path, Array.Empty<string>());
        Assert.True(exit == ExitCodes.Success, error);
        output = text;
        return spec!["definitions"]!.AsObject();
    }

    /// <summary>A 3.0 document whose Outer has the given properties, beside an object Inner.</summary>
    private static string Document30(string properties, string components = "") => $$"""
        openapi: 3.0.3
        info: { title: t, version: 1.0.0 }
        paths:
          /x:
            post:
              operationId: getX
              requestBody:
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Outer" }
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Outer" }
        components:
          schemas:
            Inner:
              type: object
              required: [a]
              properties:
                a: { type: string }
        {{components}}
            Outer:
              type: object
              properties:
        {{properties}}
        """;

    [Fact]
    public void An30AllOfWithNullableAndNoTypeIsNullable()
    {
        // TGI's ChatCompletionComplete.logprobs: { allOf: [ { $ref } ], nullable: true }, with no type. Microsoft.OpenApi
        // drops 3.0's nullable when no type is beside it; the reader keeps the fact for the mapping.
        var definitions = Definitions("n.yaml", Document30("""
                    logprobs:
                      allOf: [ { $ref: "#/components/schemas/Inner" } ]
                      nullable: true
                    first:
                      nullable: true
                      allOf: [ { $ref: "#/components/schemas/Inner" } ]
                    typed:
                      type: object
                      allOf: [ { $ref: "#/components/schemas/Inner" } ]
                      nullable: true
                    plain:
                      allOf: [ { $ref: "#/components/schemas/Inner" } ]
        """), out _);
        var outer = definitions["Outer"]!["properties"]!;
        foreach (var name in new[] { "logprobs", "first", "typed" })
        {
            Assert.Equal("Inner", outer[name]!["ref"]!.GetValue<string>());
            Assert.True(outer[name]!["nullable"]?.GetValue<bool>() == true, name + " should be nullable");
        }
        Assert.Equal("Inner", outer["plain"]!["ref"]!.GetValue<string>());
        Assert.Null(outer["plain"]!["nullable"]);
        // The Inner component itself is not made nullable by a property that refers to it.
        Assert.Null(definitions["Inner"]!["nullable"]);
    }

    [Fact]
    public void AComponentThatIsANullableAllOfMakesItsUsesNullable()
    {
        var definitions = Definitions("c.yaml", Document30("""
                    maybe: { $ref: "#/components/schemas/MaybeInner" }
        """, """
            MaybeInner:
              allOf: [ { $ref: "#/components/schemas/Inner" } ]
              nullable: true
        """), out _);
        var maybe = definitions["Outer"]!["properties"]!["maybe"]!;
        Assert.Equal("Inner", maybe["ref"]!.GetValue<string>());
        Assert.True(maybe["nullable"]?.GetValue<bool>() == true);
    }
}
