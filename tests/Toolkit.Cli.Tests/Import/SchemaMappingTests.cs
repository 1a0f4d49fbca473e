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

    /// <summary>A 3.1 document whose components are the given YAML (at the components/schemas level), used by Holder.</summary>
    private static string Document31(string schemas) => $$"""
        openapi: 3.1.0
        info: { title: t, version: 1.0.0 }
        paths:
          /x:
            post:
              operationId: embed
              requestBody:
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Holder" }
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Holder" }
        components:
          schemas:
        {{schemas}}
        """;

    private static string[] Kinds(JsonNode? union) => union!["variants"]!.AsArray().Select(v => v!["type"]!.GetValue<string>()).ToArray();

    [Fact]
    public void AScalarOrAListOfItIsAUnion()
    {
        var definitions = Definitions("s.yaml", Document31("""
                Holder:
                  type: object
                  properties:
                    text:
                      oneOf: [ { type: string }, { type: array, items: { type: string } } ]
        """), out _);
        var text = definitions["Holder"]!["properties"]!["text"]!;
        Assert.Equal(new[] { "string", "array" }, Kinds(text));
        Assert.Equal("string", text["variants"]![1]!["items"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void AnInputOrABatchOfInputsIsAUnionWhoseListTakesEither()
    {
        // TEI's Input: one input (a text or token ids) or a batch of them. Two arrays after the nested oneOf is spliced:
        // [int] and [text | [int]]; their items each have a JSON shape of their own, so the arrays are one list of either.
        var definitions = Definitions("tei.yaml", Document31("""
                InputType:
                  oneOf: [ { type: string }, { type: array, items: { type: integer, format: int32, minimum: 0 } } ]
                Input:
                  oneOf: [ { $ref: "#/components/schemas/InputType" }, { type: array, items: { $ref: "#/components/schemas/InputType" } } ]
                InputIds:
                  oneOf:
                    - { type: array, items: { type: integer, format: int32 } }
                    - { type: array, items: { type: array, items: { type: integer, format: int32 } } }
                Holder:
                  type: object
                  required: [inputs]
                  properties:
                    inputs: { $ref: "#/components/schemas/Input" }
                    ids: { $ref: "#/components/schemas/InputIds" }
        """), out var output);
        var input = definitions["Input"]!;
        Assert.Equal("union", input["type"]!.GetValue<string>());
        Assert.Equal(new[] { "string", "array" }, Kinds(input));
        var item = input["variants"]![1]!["items"]!;
        Assert.Equal(new[] { "integer", "string", "array" }, Kinds(item));
        Assert.Equal("Input", definitions["Holder"]!["properties"]!["inputs"]!["ref"]!.GetValue<string>());
        // Arrays alone (token ids, or a batch of them): one list whose items are a number or a list.
        var ids = definitions["Holder"]!["properties"]!["ids"]!;
        Assert.Equal("array", ids["type"]!.GetValue<string>());
        Assert.Equal(new[] { "integer", "array" }, Kinds(ids["items"]));
        Assert.Contains("#/components/schemas/Input: a oneOf of 2 different arrays: read as one array whose items are any of theirs", output);
    }

    [Fact]
    public void ArraysWhoseItemsShareAShapeStayJson()
    {
        // A pair or a batch of pairs of strings: [string] and [[string] | [string]] give items string, array, array.
        var definitions = Definitions("j.yaml", Document31("""
                A: { type: object, properties: { a: { type: string } } }
                B: { type: object, properties: { b: { type: string } } }
                Holder:
                  type: object
                  properties:
                    pairs:
                      oneOf:
                        - { type: string }
                        - { type: array, items: { type: string }, minItems: 2, maxItems: 2 }
                        - type: array
                          items:
                            oneOf: [ { type: array, items: { type: string }, maxItems: 1 }, { type: array, items: { type: string }, minItems: 2 } ]
                    objects:
                      oneOf:
                        - { type: array, items: { $ref: "#/components/schemas/A" } }
                        - { type: array, items: { $ref: "#/components/schemas/B" } }
        """), out var output);
        var holder = definitions["Holder"]!["properties"]!;
        Assert.Equal("json", holder["pairs"]!["type"]!.GetValue<string>());
        Assert.Equal("json", holder["objects"]!["type"]!.GetValue<string>());
        Assert.Contains("share a JSON shape", output);
    }

    [Fact]
    public void ObjectsOnlyTellApartByAValueEveryOneRequiresAsTaskSchemasDo()
    {
        // Qdrant's PayloadSchemaParams: index parameters, each with its own "type" value and no discriminator written;
        // markers cannot tell them apart (two have nothing but "type"). The rule Hugging Face's response formats use.
        var definitions = Definitions("t.yaml", Document31("""
                Keyword:
                  type: object
                  required: [type]
                  properties: { type: { type: string, enum: [keyword] } }
                Geo:
                  type: object
                  required: [type]
                  properties: { type: { type: string, enum: [geo] } }
                Text:
                  type: object
                  required: [type, tokenizer]
                  properties: { type: { type: string, enum: [text] }, tokenizer: { type: string } }
                Params:
                  anyOf: [ { $ref: "#/components/schemas/Keyword" }, { $ref: "#/components/schemas/Geo" }, { $ref: "#/components/schemas/Text" } ]
                Holder:
                  type: object
                  properties:
                    params: { $ref: "#/components/schemas/Params" }
                    schema:
                      anyOf: [ { type: string }, { $ref: "#/components/schemas/Keyword" }, { $ref: "#/components/schemas/Geo" } ]
        """), out _);
        var union = definitions["Params"]!;
        Assert.Equal("union", union["type"]!.GetValue<string>());
        Assert.Equal("type", union["discriminator"]!.GetValue<string>());
        Assert.Equal(new[] { "keyword", "geo", "text" }, union["variants"]!.AsArray().Select(v => v!["tag"]!.GetValue<string>()));
        // Beside a string the objects are not tagged by it (a "text" tag would name a second Text): still any JSON.
        Assert.Equal("json", definitions["Holder"]!["properties"]!["schema"]!["type"]!.GetValue<string>());
    }
}
