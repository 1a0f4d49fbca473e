using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// Small hostile documents and overlays that made the import run away or end in "a bug in toolkit": each now imports
/// within a bound, or is one TKO001 line naming the file and the line, exit 2.
/// </summary>
public sealed class OpenApiBoundsTests : IDisposable
{
    /// <summary>Far above what these take now (about a second), far below what they took before (minutes to hours).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-openapi-bounds-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Output, string Error, JsonObject? Spec, string SpecPath) Within(Func<(int, string, string, JsonObject?, string)> run)
    {
        var task = Task.Run(run);
        Assert.True(task.Wait(Bound), $"the import ran past {Bound.TotalSeconds} s");
        return task.Result;
    }

    private static void AssertOneTko001Line((int Exit, string Output, string Error, JsonObject? Spec, string SpecPath) run, string file, int? line, string contains)
    {
        Assert.True(run.Exit == ExitCodes.InvalidInput, $"exit {run.Exit}: {run.Output}{run.Error}");
        Assert.DoesNotContain("a bug in toolkit", run.Error);
        var error = run.Error.Trim();
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith(line is { } l ? $"{file}({l}," : file + ": ", error, StringComparison.Ordinal);
        Assert.Contains("error TKO001: ", error);
        Assert.Contains(contains, error);
    }

    private const string Header = """
        openapi: 3.1.0
        info: { title: Bounds, version: 1.0.0 }
        servers: [ { url: "https://api.bounds.test" } ]
        paths:
          /x:
            get:
              operationId: getX
              responses:
                "200": { description: ok, content: { application/json: { schema: { type: object, properties: { a: { $ref: "#/components/schemas/A" } } } } } }
        components:
          schemas:

        """;

    [Fact]
    public void AUnionOfReferencesToItselfIsExpandedOnce()
    {
        // Six alternatives, four of them the union again: expanded nine levels deep this ran for more than 180 s.
        var document = Header + """
                A:
                  anyOf:
                    - { $ref: "#/components/schemas/A" }
                    - { $ref: "#/components/schemas/A" }
                    - { $ref: "#/components/schemas/B" }
                    - { $ref: "#/components/schemas/B" }
                    - { type: string }
                    - { type: array, items: { $ref: "#/components/schemas/A" } }
                B:
                  anyOf:
                    - { $ref: "#/components/schemas/A" }
                    - { $ref: "#/components/schemas/B" }
                    - { type: integer }
                    - { type: object, properties: { b: { $ref: "#/components/schemas/B" } } }
            """;
        var run = Within(() => CliRunner.Import(_dir, Write("self.yaml", document)));
        Assert.True(run.Exit == ExitCodes.Success, run.Error);
        var variants = run.Spec!["definitions"]!["A"]!["variants"]!.AsArray().Select(v => v!["type"]?.GetValue<string>() ?? v!["ref"]!.GetValue<string>()).ToList();
        Assert.Equal(new[] { "integer", "object", "string", "array" }.Order(), variants.Order());
    }

    [Fact]
    public void NineLevelsOfTenAlternativesAreLinear()
    {
        var sb = new StringBuilder(Header.Replace("$ref: \"#/components/schemas/A\"", "$ref: \"#/components/schemas/L0\"", StringComparison.Ordinal));
        for (var level = 0; level < 9; level++)
        {
            sb.Append("    L").Append(level).Append(":\n      anyOf:\n");
            for (var k = 0; k < 10; k++)
            {
                sb.Append(level < 8
                    ? $"        - {{ $ref: \"#/components/schemas/L{level + 1}\" }}\n"
                    : $"        - {{ type: object, required: [p{k}], properties: {{ p{k}: {{ type: string }} }} }}\n");
            }
        }
        var run = Within(() => CliRunner.Import(_dir, Write("deep.yaml", sb.ToString())));
        Assert.True(run.Exit == ExitCodes.Success, run.Error);
        Assert.Equal(10, run.Spec!["definitions"]!["L0"]!["variants"]!.AsArray().Count);
    }

    [Fact]
    public void ALongEnumIsCheckedForDuplicatesInLinearTime()
    {
        var values = new JsonArray(Enumerable.Range(0, 200_000).Select(i => (JsonNode?)JsonValue.Create("v" + i)).Append(JsonValue.Create("v7")).ToArray());
        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Big", ["version"] = "1.0.0" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://big.test" }),
            ["paths"] = JsonNode.Parse("""{"/x":{"get":{"operationId":"getX","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"e":{"$ref":"#/components/schemas/E"}}}}}}}}}}"""),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject { ["E"] = new JsonObject { ["type"] = "string", ["enum"] = values } } },
        };
        var run = Within(() => CliRunner.Import(_dir, Write("big.json", document.ToJsonString())));
        Assert.True(run.Exit == ExitCodes.Success, run.Error);
        Assert.Equal(200_000, run.Spec!["definitions"]!["E"]!["values"]!.AsArray().Count);
    }

    [Fact]
    public void AnOverlayFilterThatBacktracksIsStoppedAtItsLine()
    {
        var document = Write("doc.yaml", Header.Replace("info: { title: Bounds, version: 1.0.0 }", "info:\n  title: Bounds\n  version: 1.0.0\n  description: \"" + new string('a', 40) + "!\"", StringComparison.Ordinal)
            + "    A: { type: string }\n");
        var overlay = Write("slow.overlay.yaml", """
            overlay: 1.0.0
            info: { title: slow, version: 1.0.0 }
            actions:
              - target: $.info
                update: { summary: fine }
              - target: "$..[?(@.description =~ /^(a|aa)+$/)]"
                update: { x-y: 1 }
            """);
        var run = Within(() => CliRunner.Import(_dir, document, "--overlay", overlay));
        AssertOneTko001Line(run, overlay, 6, "the regular expression in '$..[?(@.description =~ /^(a|aa)+$/)]' ran past");
    }

    [Theory]
    [InlineData("remove: true")]
    [InlineData("update: { x: 1 }")]
    public void AnOverlayThatTakesTheDocumentApartIsAnErrorAtTheOverlay(string action)
    {
        var document = Write("doc.yaml", Header + "    A: { type: string }\n");
        var overlay = Write("all.overlay.yaml", "overlay: 1.0.0\ninfo: { title: all, version: 1.0.0 }\nactions:\n  - target: $..*\n    " + action + "\n");
        var run = Within(() => CliRunner.Import(_dir, document, "--overlay", overlay));
        AssertOneTko001Line(run, overlay, 1, "the document is no OpenAPI 3 document");
    }

    [Fact]
    public void ReferencesThatOnlyReferToEachOtherAreAnErrorAtTheSchema()
    {
        var path = Write("cycle.yaml", Header + """
                A: { $ref: "#/components/schemas/B" }
                B: { $ref: "#/components/schemas/C" }
                C: { $ref: "#/components/schemas/A" }
            """);
        var run = Within(() => CliRunner.Import(_dir, path));
        AssertOneTko001Line(run, path, 12, "(A -> B -> C -> A)");
    }

    [Fact]
    public void AYamlAliasBombIsInvalidYamlNotABug()
    {
        var sb = new StringBuilder("openapi: 3.1.0\ninfo: { title: Bomb, version: 1.0.0 }\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        var previous = 'a';
        foreach (var name in "bcdefghi")
        {
            sb.Append($"x-{name}: &{name} [").Append(string.Join(", ", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
            previous = name;
        }
        sb.Append("paths: {}\n");
        var path = Write("bomb.yaml", sb.ToString());
        var run = Within(() => CliRunner.Import(_dir, path));
        AssertOneTko001Line(run, path, null, "not valid YAML");
    }

    [Theory]
    [InlineData(31)]
    [InlineData(45)]
    [InlineData(60)]
    public void SchemasNestedPastWhatASpecHoldsAreAnErrorWhereTheyPassIt(int depth)
    {
        JsonNode inner = new JsonObject { ["type"] = "string" };
        for (var i = 0; i < depth; i++) inner = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["p"] = inner } };
        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Nest", ["version"] = "1.0.0" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://nest.test" }),
            ["paths"] = new JsonObject { ["/x"] = new JsonObject { ["get"] = new JsonObject { ["operationId"] = "getX", ["responses"] = new JsonObject { ["200"] = new JsonObject
            {
                ["description"] = "ok",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = inner } },
            } } } } },
        };
        var text = document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, MaxDepth = 256 });
        var path = Write($"nest{depth}.json", text);
        var run = Within(() => CliRunner.Import(_dir, path));
        Assert.True(run.Exit == ExitCodes.InvalidInput, run.Output + run.Error);
        var error = run.Error.Trim();
        Assert.DoesNotContain("a bug in toolkit", error);
        Assert.Contains("error TKO001: ", error);
        Assert.Contains("schemas nest more than", error);
        // The line is the schema where the bound is passed: the 28th nested "p".
        var line = int.Parse(error.Substring(path.Length + 1, error.IndexOf(',', StringComparison.Ordinal) - path.Length - 1), System.Globalization.CultureInfo.InvariantCulture);
        var lines = text.Split('\n');
        Assert.Contains("\"p\"", lines[line - 1]);
        Assert.Equal(28, lines.Take(line).Count(l => l.Contains("\"p\"", StringComparison.Ordinal)));
    }
}
