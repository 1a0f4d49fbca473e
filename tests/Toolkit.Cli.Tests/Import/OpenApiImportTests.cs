using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// How OpenAPI maps to the spec format, on a small document that uses every rule (YAML, 3.1), plus OpenAPI Overlays and
/// documents that cannot be read. The real documents are in <see cref="OpenApiDocumentTests"/>.
/// </summary>
public sealed class OpenApiImportTests : IDisposable
{
    private const string KitchenSink = """
        openapi: 3.1.0
        info:
          title: Acme Store
          version: 2.3.0
          description: A shop.
        servers:
          - url: "{scheme}://api.acme.test/{base}"
            variables:
              scheme: { default: https, enum: [https, http] }
              base: { default: v2 }
          - url: https://eu.acme.test/v2
            description: Europe
        components:
          securitySchemes:
            bearer: { type: http, scheme: bearer }
            key: { type: apiKey, in: header, name: X-Api-Key }
            queryKey: { type: apiKey, in: query, name: api_key }
          schemas:
            Pet:
              type: object
              description: A pet.
              required: [id, name]
              properties:
                id: { type: string, format: uuid }
                name: { type: string, minLength: 1 }
                born: { type: [string, "null"], format: date-time }
                weight: { type: number, format: double, exclusiveMinimum: 0 }
                legs: { type: integer, format: int32, minimum: 0, maximum: 8, default: 4 }
                chip: { type: integer, format: int64 }
                kind: { $ref: "#/components/schemas/Kind" }
                tags: { type: object, additionalProperties: { type: string } }
                photo: { type: string, format: byte }
                nickname: { type: string, deprecated: true }
                etag: { type: string, readOnly: true }
            Kind:
              type: string
              enum: [cat, dog]
            Dog:
              allOf:
                - $ref: "#/components/schemas/Pet"
                - type: object
                  required: [barks]
                  properties:
                    barks: { type: boolean }
            Label:
              oneOf:
                - type: string
                - type: array
                  items: { type: string }
            Animal:
              oneOf:
                - $ref: "#/components/schemas/Pet"
                - $ref: "#/components/schemas/Dog"
              discriminator:
                propertyName: kind
                mapping:
                  cat: "#/components/schemas/Pet"
                  dog: "#/components/schemas/Dog"
            Shape:
              anyOf:
                - type: object
                  required: [radius]
                  properties: { radius: { type: number } }
                - type: object
                  required: [side]
                  properties: { side: { type: number }, label: { type: string } }
                - type: string
            Problem:
              type: object
              required: [message]
              properties:
                message: { type: string }
                code: { type: integer }
            Tree:
              type: object
              properties:
                children:
                  type: array
                  items: { $ref: "#/components/schemas/Tree" }
                rank: { $ref: "#/components/schemas/Rank" }
                keys: { anyOf: [ { $ref: "#/components/schemas/KeySelector" }, { type: "null" } ] }
            Key:
              anyOf: [ { type: string }, { type: integer, format: int64 } ]
            KeySelector:
              anyOf: [ { $ref: "#/components/schemas/Key" }, { type: array, items: { $ref: "#/components/schemas/Key" } } ]
            Rank:
              anyOf: [ { type: integer, format: int64 }, { type: number, format: double } ]
        paths:
          /pets/{petId}:
            parameters:
              - { name: petId, in: path, required: true, schema: { type: string } }
            get:
              operationId: getPet
              summary: Reads a pet.
              parameters:
                - { name: verbose, in: query, schema: { type: boolean } }
                - { name: kind, in: query, required: true, schema: { $ref: "#/components/schemas/Kind" } }
                - { name: X-Trace, in: header, schema: { type: string } }
              responses:
                "200":
                  description: The pet.
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Pet" }
                "404":
                  description: No such pet.
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Problem" }
            delete:
              operationId: deletePet
              description: "Removes a pet. Deleting pets is deprecated: mark them adopted."
              deprecated: true
              responses:
                "204": { description: Gone. }
          /pets:
            post:
              operationId: addPet
              requestBody:
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Dog" }
              responses:
                "201":
                  description: Added.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          animals: { type: array, items: { $ref: "#/components/schemas/Animal" } }
                          shapes: { type: array, items: { $ref: "#/components/schemas/Shape" } }
          /photos:
            put:
              operationId: uploadPhoto
              requestBody:
                content:
                  image/png:
                    schema: { type: string, format: binary }
              responses:
                "200":
                  description: The thumbnail.
                  content:
                    image/png:
                      schema: { type: string, format: binary }
          /events:
            get:
              operationId: watch
              responses:
                "200":
                  description: Changes as they happen.
                  content:
                    text/event-stream:
                      schema: { $ref: "#/components/schemas/Pet" }
                      x-toolkit-stream: { sentinel: "[DONE]", errorField: error }
          /trees:
            get:
              operationId: getTree
              responses:
                "200":
                  description: A tree.
                  content:
                    application/json:
                      schema: { $ref: "#/components/schemas/Tree" }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-openapi-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (int Exit, string Output, string Error, JsonObject? Spec, string SpecPath) Import(string document, params string[] extra)
        => CliRunner.Import(_dir, document, extra);

    [Fact]
    public void AYamlDocumentMapsToTheSpecFormat()
    {
        var (exit, output, error, spec, _) = Import(Write("store.yaml", KitchenSink));
        Assert.True(exit == ExitCodes.Success, error);
        var s = spec!;
        Assert.Equal("acme-store", s["name"]!.GetValue<string>());
        Assert.Equal("2.3.0", s["version"]!.GetValue<string>());
        Assert.Equal("AcmeStore", s["namespace"]!.GetValue<string>());
        // Servers: the first (variables at their defaults) is the base URL.
        Assert.Equal("https://api.acme.test/v2", s["baseUrl"]!.GetValue<string>());
        Assert.Equal("https://eu.acme.test/v2", s["servers"]![0]!["url"]!.GetValue<string>());
        // Security: bearer as the Token, the API key header as a client option; a header parameter per request.
        Assert.Equal("bearer", s["headers"]!["authorization"]!["auth"]!.GetValue<string>());
        Assert.Equal("client", s["headers"]!["X-Api-Key"]!["scope"]!.GetValue<string>());
        Assert.Equal("request", s["headers"]!["X-Trace"]!["scope"]!.GetValue<string>());
        Assert.Equal("apiKey", s["query"]!["api_key"]!["auth"]!.GetValue<string>());

        var pet = s["definitions"]!["Pet"]!["properties"]!;
        Assert.Equal("uuid", pet["id"]!["format"]!.GetValue<string>());
        Assert.True(pet["id"]!["required"]!.GetValue<bool>());
        Assert.Equal("date-time", pet["born"]!["format"]!.GetValue<string>());
        Assert.True(pet["born"]!["nullable"]!.GetValue<bool>());
        Assert.Equal("int64", pet["chip"]!["format"]!.GetValue<string>());
        Assert.Equal(8, pet["legs"]!["maximum"]!.GetValue<double>());
        Assert.Equal(4, pet["legs"]!["default"]!.GetValue<long>());
        Assert.Equal("map", pet["tags"]!["type"]!.GetValue<string>());
        Assert.Equal("binary", pet["photo"]!["format"]!.GetValue<string>());
        Assert.Equal("Kind", pet["kind"]!["ref"]!.GetValue<string>());
        Assert.True(pet["nickname"]!["deprecated"]!.GetValue<bool>());
        Assert.Contains("note: #/components/schemas/Pet/properties/weight/exclusiveMinimum: exclusive minimum 0 checked as inclusive", output);
        Assert.Contains("note: #/components/schemas/Pet/properties/etag: readOnly: one type serves both directions; leave it unset in requests.", output);
        Assert.Equal("enum", s["definitions"]!["Kind"]!["type"]!.GetValue<string>());
        // allOf merged: Pet's fields and Dog's own.
        var dog = s["definitions"]!["Dog"]!["properties"]!.AsObject();
        Assert.True(dog.ContainsKey("name") && dog.ContainsKey("barks"));
        Assert.True(dog["barks"]!["required"]!.GetValue<bool>());
        // A oneOf told apart by shape is a union; objects told apart by a discriminator's value (the mapping's), or by a
        // property only one of them requires, are too.
        Assert.Equal("union", s["definitions"]!["Label"]!["type"]!.GetValue<string>());
        Assert.Equal("kind", s["definitions"]!["Animal"]!["discriminator"]!.GetValue<string>());
        Assert.Equal(new[] { "cat", "dog" }, s["definitions"]!["Animal"]!["variants"]!.AsArray().Select(v => v!["tag"]!.GetValue<string>()));
        Assert.Equal(new[] { "radius", "side" }, s["definitions"]!["Shape"]!["variants"]!.AsArray().Take(2).Select(v => v!["marker"]!.GetValue<string>()));
        // A union's union is spliced into it (KeySelector: a Key, itself text or integer, or a list of them) and
        // "X or null" keeps the reference; several numbers are one number.
        Assert.Equal(new[] { "string", "integer", "array" }, s["definitions"]!["KeySelector"]!["variants"]!.AsArray().Select(v => v!["type"]!.GetValue<string>()));
        Assert.Equal("KeySelector", s["definitions"]!["Tree"]!["properties"]!["keys"]!["ref"]!.GetValue<string>());
        Assert.True(s["definitions"]!["Tree"]!["properties"]!["keys"]!["nullable"]!.GetValue<bool>());
        Assert.Equal("number", s["definitions"]!["Tree"]!["properties"]!["rank"]!["type"]!.GetValue<string>());
        Assert.Contains("integer and number alternatives read as one number (double)", output);
        // A schema that contains itself is a definition used by reference.
        Assert.Equal("Tree", s["definitions"]!["Tree"]!["properties"]!["children"]!["items"]!["ref"]!.GetValue<string>());

        var ops = s["operations"]!.AsObject();
        var getPet = ops["getPet"]!;
        Assert.Equal("GET", getPet["method"]!.GetValue<string>());
        Assert.Equal("/pets/{petId}", getPet["path"]!.GetValue<string>());
        Assert.True(getPet["pathParameters"]!.AsObject().ContainsKey("petId"));
        Assert.Equal("boolean", getPet["query"]!["verbose"]!["type"]!.GetValue<string>());
        Assert.Equal(new[] { "cat", "dog" }, getPet["query"]!["kind"]!["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("Pet", getPet["response"]!["ref"]!.GetValue<string>());
        Assert.Equal("Problem", s["errors"]!["bodies"]!["404"]!["ref"]!.GetValue<string>());
        Assert.Equal("message", s["errors"]!["message"]!["field"]!.GetValue<string>());
        Assert.Equal("Deleting pets is deprecated: mark them adopted.", ops["deletePet"]!["deprecated"]!.GetValue<string>());
        Assert.Equal(204, ops["deletePet"]!["response"]!["status"]![0]!.GetValue<int>());
        // The body only a request uses: its fields are the payload (AddPetRequest), Dog is not generated twice over it.
        Assert.True(ops["addPet"]!["payload"]!.AsObject().ContainsKey("barks"));
        Assert.Equal("binary", ops["uploadPhoto"]!["payload"]!["body"]!["format"]!.GetValue<string>());
        Assert.Equal("image/png", ops["uploadPhoto"]!["body"]!["rawContentType"]!.GetValue<string>());
        Assert.Equal("image/png", ops["uploadPhoto"]!["response"]!["contentType"]!.GetValue<string>());
        // text/event-stream: the streamed form, its sentinel and error field from the x-toolkit-stream extension.
        Assert.Equal("[DONE]", ops["watch"]!["stream"]!["sentinel"]!.GetValue<string>());
        Assert.Equal("error", ops["watch"]!["stream"]!["errorField"]!.GetValue<string>());
        Assert.Equal("Pet", ops["watch"]!["stream"]!["event"]!["ref"]!.GetValue<string>());
    }

    [Fact]
    public async System.Threading.Tasks.Task TheImportedSpecCompilesAsTheStrictestProjectWould()
    {
        var (exit, _, error, _, specPath) = Import(Write("store.yaml", KitchenSink));
        Assert.True(exit == ExitCodes.Success, error);
        // Nullable, XML documentation and every warning an error.
        var (assembly, problems) = Specs.SpecCompiler.CompileAssembly(specPath, strict: true);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var pet = assembly!.GetTypes().Single(t => t.Name == "Pet");
        Assert.Equal(typeof(Guid), pet.GetProperty("Id")!.PropertyType);
        Assert.Equal(typeof(DateTimeOffset?), pet.GetProperty("Born")!.PropertyType);
        Assert.Equal(typeof(long?), pet.GetProperty("Chip")!.PropertyType);
        // Deprecated in the document: [Obsolete] for callers (the generated code itself compiles without a warning).
        Assert.NotNull(pet.GetProperty("Nickname")!.GetCustomAttribute<ObsoleteAttribute>());
        var deletePet = assembly.GetTypes().Single(t => t.Name == "AcmeStoreClient").GetMethods().First(m => m.Name == "DeletePetAsync");
        Assert.Equal("Deleting pets is deprecated: mark them adopted.", deletePet.GetCustomAttribute<ObsoleteAttribute>()!.Message);
        // Reading picks each object's variant by its tag or marker; an unknown tag is an error naming where.
        var serializer = assembly.GetTypes().Single(t => t.Name == "AcmeStoreSerializer");
        var read = serializer.GetMethods().Single(m => m.Name == "DeserializeAddPetResponse" && m.GetParameters()[0].ParameterType == typeof(ReadOnlyMemory<byte>));
        var body = """{"animals":[{"id":"6f1c2a8e-2b1e-4f7e-9d55-0c1f3b2a9e10","name":"Tom","kind":"cat"},{"id":"0b5e8f5c-1d2a-4c3b-8e9f-7a6b5c4d3e2f","name":"Rex","kind":"dog","barks":true}],"shapes":[{"side":2,"label":"sq"},{"radius":1.5},"blob"]}""";
        var response = read.Invoke(null, new object[] { new ReadOnlyMemory<byte>(System.Text.Encoding.UTF8.GetBytes(body)) })!;
        var animals = ((System.Collections.IEnumerable)response.GetType().GetProperty("Animals")!.GetValue(response)!).Cast<object>().ToList();
        Assert.Equal(new[] { "Cat", "Dog" }, animals.Select(a => a.GetType().GetProperty("Kind")!.GetValue(a)!.ToString()));
        var shapes = ((System.Collections.IEnumerable)response.GetType().GetProperty("Shapes")!.GetValue(response)!).Cast<object>().ToList();
        Assert.Equal(new[] { "Side", "Radius", "Text" }, shapes.Select(a => a.GetType().GetProperty("Kind")!.GetValue(a)!.ToString()));
        var bad = Assert.Throws<System.Reflection.TargetInvocationException>(() => read.Invoke(null, new object[] { new ReadOnlyMemory<byte>(System.Text.Encoding.UTF8.GetBytes("""{"animals":[{"name":"Nemo","kind":"fish"}]}""")) }));
        Assert.IsType<Toolkit.Runtime.Json.JsonPayloadException>(bad.InnerException);
        Assert.Contains("$.animals[0].kind", bad.InnerException!.Message);
        Assert.Contains("one of \"cat\", \"dog\"", bad.InnerException.Message);

        var client = assembly.GetTypes().Single(t => t.Name == "AcmeStoreClient");
        Assert.Contains(client.GetMethods(), m => m.Name == "WatchStreamAsync");

        // The API key the document puts in the query: a client option every request carries.
        var optionsType = assembly.GetTypes().Single(t => t.Name == "AcmeStoreClientOptions");
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("QueryApiKey")!.SetValue(options, "k3y");
        var handler = new Capture("""{"children":[]}""");
        var instance = Activator.CreateInstance(client, handler, options)!;
        var getTree = client.GetMethods().Where(m => m.Name == "GetTreeAsync").OrderBy(m => m.GetParameters().Length).First();
        var task = (System.Threading.Tasks.Task)getTree.Invoke(instance, getTree.GetParameters().Select(p => p.DefaultValue is DBNull ? null : p.DefaultValue).ToArray())!;
        await task;
        Assert.Equal("https://api.acme.test/v2/trees?api_key=k3y", handler.Uri!.AbsoluteUri);
        Assert.Contains(client.GetMethods(), m => m.Name == "GetPetAsync");
    }

    /// <summary>Answers every request with one JSON body and keeps the request's URI.</summary>
    private sealed class Capture(string json) : System.Net.Http.HttpMessageHandler
    {
        public Uri? Uri { get; private set; }

        protected override System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            Uri = request.RequestUri;
            return System.Threading.Tasks.Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new System.Net.Http.StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }

    [Fact]
    public void OverlaysUpdateAndRemoveByJsonPathBeforeImport()
    {
        var overlay = Write("fix.overlay.yaml", """
            overlay: 1.0.0
            info: { title: fixes, version: 1.0.0 }
            actions:
              - target: $.components.schemas.Pet.properties.name
                description: The service sends names of any length.
                update: { description: "The pet's name, as the service sends it." }
              - target: $.components.schemas.Pet.properties.nickname
                remove: true
              - target: "$.paths['/pets/{petId}'].get.parameters[?(@.name == 'verbose')]"
                remove: true
              - target: $.components.schemas.Nothing
                update: { type: string }
            """);
        var (exit, output, error, spec, _) = Import(Write("store.yaml", KitchenSink), "--overlay", overlay);
        Assert.True(exit == ExitCodes.Success, error);
        var pet = spec!["definitions"]!["Pet"]!["properties"]!.AsObject();
        Assert.Equal("The pet's name, as the service sends it.", pet["name"]!["description"]!.GetValue<string>());
        Assert.False(pet.ContainsKey("nickname"));
        Assert.False(spec["operations"]!["getPet"]!["query"]!.AsObject().ContainsKey("verbose"));
        Assert.Contains("fix.overlay.yaml#/actions/3: target $.components.schemas.Nothing selects nothing", output);
    }

    [Fact]
    public void AnOverlayBesideTheDocumentThatExtendsItIsAppliedByEveryCommand()
    {
        var document = Write("store.yaml", KitchenSink);
        Write("store.overlay.yaml", """
            overlay: 1.0.0
            info: { title: fixes, version: 1.0.0 }
            extends: ./store.yaml
            actions:
              - target: $.components.schemas.Pet.properties.nickname
                remove: true
            """);
        var (exit, _, error, spec, _) = Import(document);
        Assert.True(exit == ExitCodes.Success, error);
        Assert.False(spec!["definitions"]!["Pet"]!["properties"]!.AsObject().ContainsKey("nickname"));
    }

    [Theory]
    [InlineData("actions: [ { remove: true } ]", "action 0 has no \"target\"")]
    [InlineData("actions: [ { target: \"$.info\" } ]", "has neither \"update\" nor \"remove\": true")]
    [InlineData("actions: [ { target: \"$.[\", remove: true } ]", "is not a JSONPath")]
    [InlineData("title: no actions", "no \"actions\" array")]
    public void ABadOverlayIsAnErrorNamingTheOverlayFile(string body, string expected)
    {
        var overlay = Write("bad.overlay.yaml", "overlay: 1.0.0\n" + body + "\n");
        var (exit, _, error, spec, _) = Import(Write("store.yaml", KitchenSink), "--overlay", overlay);
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Null(spec);
        Assert.Contains("bad.overlay.yaml", error);
        Assert.Contains("error TKO001", error);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("doc.json", "{ \"openapi\": \"3.0.3\", \"info\": { \"title\": \"x\", \"version\": \"1\" },\n  \"paths\": { ", "(2,", "not valid JSON")]
    [InlineData("doc.yaml", "openapi: 3.0.3\ninfo: { title: x\n  version: [", "doc.yaml(", "not valid YAML")]
    [InlineData("doc.yaml", "swagger: \"2.0\"\ninfo: { title: x, version: \"1\" }\npaths: {}\n", "doc.yaml", "Swagger 2.0 documents are not read")]
    [InlineData("doc.yaml", "openapi: 4.0.0\ninfo: { title: x, version: \"1\" }\n", "doc.yaml", "not an OpenAPI 3.0 or 3.1 document")]
    [InlineData("doc.yaml", "- just\n- a list\n", "doc.yaml", "an OpenAPI document is a JSON or YAML object")]
    public void ADocumentThatCannotBeReadIsATypedErrorWithItsFileAndLine(string name, string text, string where, string expected)
    {
        var (exit, _, error, spec, _) = Import(Write(name, text));
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Null(spec);
        Assert.Contains(where, error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("unexpected", error);
    }

    [Fact]
    public void WhatTheFormatCannotSayIsANoteNeverACrash()
    {
        var (exit, output, error, spec, _) = Import(Write("odd.yaml", """
            openapi: 3.0.3
            info: { title: Odd, version: not-a-version }
            paths:
              /things/{id}:
                head:
                  responses: { "200": { description: ok } }
                get:
                  parameters:
                    - { name: id, in: path, required: true, schema: { type: integer } }
                    - { name: filter, in: query, schema: { type: array, items: { type: string } } }
                    - { name: session, in: cookie, schema: { type: string } }
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: { $ref: "#/components/schemas/Missing" }
                    4XX: { description: client error }
              /upload:
                post:
                  requestBody:
                    content:
                      multipart/form-data:
                        schema: { type: object, properties: { file: { type: string, format: binary } } }
                  responses: { "200": { description: ok } }
            """));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal("0.0.0", spec!["version"]!.GetValue<string>());
        Assert.Contains("note: #/info/version: 'not-a-version' is not a semantic version", output);
        Assert.Contains("note: #/paths/~1things~1{id}/head: HEAD operations are not in the spec format; left out.", output);
        Assert.Contains("query parameter 'filter' is array", output);
        Assert.Contains("Cookie parameter 'session' is not in the spec format", output);
        Assert.Contains("path parameter 'id' is Integer; passed as its text", output);
        Assert.Contains("error responses under '4XX' are read as any error", output);
        // A form upload is a form body now (OpenApiUploadTests sends one).
        Assert.Equal("multipart/form-data", spec!["operations"]!["post-upload"]!["body"]!["contentType"]!.GetValue<string>());
        // Operations without an operationId are named from their method and path, never numbered.
        Assert.True(spec["operations"]!.AsObject().ContainsKey("get-things-by-id"));
        Assert.True(spec["operations"]!.AsObject().ContainsKey("post-upload"));
    }

    [Fact]
    public void MutatedDocumentsImportOrFailWithATypedErrorNeverAnUnexpectedOne()
    {
        // Cut the kitchen sink at many points and drop lines: every outcome is a spec or a typed error.
        var lines = KitchenSink.Split('\n');
        var random = new Random(20261202);
        for (var i = 0; i < 150; i++)
        {
            var mutated = (i % 3) switch
            {
                0 => string.Join('\n', lines.Take(random.Next(1, lines.Length))),
                1 => string.Join('\n', lines.Where((_, n) => n < 3 || random.Next(8) != 0)),
                // Values emptied: "name:" with nothing after it is a null in YAML.
                _ => string.Join('\n', lines.Select((l, n) => n >= 3 && random.Next(6) == 0 && l.IndexOf(':') is > 0 and var c ? l.Substring(0, c + 1) : l)),
            };
            var (exit, _, error, _, _) = Import(Write($"m{i}.yaml", mutated));
            Assert.True(exit is ExitCodes.Success or ExitCodes.InvalidInput, $"mutation {i}: exit {exit}: {error}");
            Assert.False(error.Contains("unexpected", StringComparison.Ordinal) || error.Contains("importer bug", StringComparison.Ordinal), $"mutation {i}: {error}\n{mutated}");
        }
    }
}
