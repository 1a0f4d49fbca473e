using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// Specs written to break the generator: every Unicode line terminator and control character in every string and
/// name, names that differ only by case, unpaired surrogates, recursive types, and a 10,000-field spec.
/// </summary>
public sealed class HostileSpecTests
{
    /// <summary>What an attacker appends: if it ever leaves its comment or literal, a member named Injected appears.</summary>
    private const string Payload = "public static int Injected = 42; //";

    private static readonly string[] Breaks =
    {
        "\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029", // every C# line terminator
        "\u0000", "\u0008", "\u000b", "\u000c", "\u001b", "\u007f", "\u009b", "\t", "\ufeff", // other control and format characters
    };

    public static IEnumerable<object[]> Locations()
    {
        var root = JsonNode.Parse(TestPaths.ImageSegmentationSpec)!;
        var index = 0;
        foreach (var location in StringLocations(root, ""))
        {
            // Each location with a few breaks (all of them over the set): thorough, and the suite stays fast.
            for (var b = index % 3; b < Breaks.Length; b += 3) yield return new object[] { location, b };
            index++;
        }
    }

    [Theory]
    [MemberData(nameof(Locations))]
    public void SpecTextNeverBecomesCode(string location, int breakIndex)
    {
        var root = JsonNode.Parse(TestPaths.ImageSegmentationSpec)!;
        var injected = Plant(root, location, "x" + Breaks[breakIndex] + Payload);
        Assert.True(injected, "no string at " + location);
        var text = root.ToJsonString();

        var (result, output) = GeneratorHarness.Run(("/specs/hostile.json", text));
        Assert.True(result.Results.Single().Exception is null, result.Results.Single().Exception?.ToString());
        Assert.All(result.Diagnostics, d => Assert.StartsWith("TK", d.Id));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "TK9999");
        foreach (var tree in result.GeneratedTrees)
        {
            var root2 = tree.GetRoot();
            // Spec text lives only in comments and literals: never an identifier or a directive of its own.
            Assert.DoesNotContain(root2.DescendantTokens(), t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == "Injected");
            // The header's own two: #nullable enable, and the pragma that lets generated code use deprecated members.
            Assert.All(root2.DescendantTrivia().Where(t => t.IsDirective), t => Assert.True(t.IsKind(SyntaxKind.NullableDirectiveTrivia)
                || (t.IsKind(SyntaxKind.PragmaWarningDirectiveTrivia) && t.ToString().Trim() == "#pragma warning disable CS0612, CS0618" && t.SpanStart < 300), $"{location}: directive {t} in {tree.FilePath}"));
            Assert.Empty(tree.GetDiagnostics());
        }
        // Binding is the slow part: compile once per location (its first break); the syntax checks above ran for all.
        if (result.Diagnostics.IsEmpty && breakIndex < 3)
        {
            Assert.Empty(GeneratorHarness.CompileErrors(output));
        }
    }

    [Fact]
    public void SpecNameWithAPreprocessorLineIsNotADirective()
    {
        var root = JsonNode.Parse(TestPaths.ImageSegmentationSpec)!;
        root["description"] = "ok\r#error injected";
        var (result, output) = GeneratorHarness.Run(("/specs/hostile.json", root.ToJsonString()));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    [Fact]
    public void TypeNamesThatDifferOnlyByCaseAreTK0011NotCS8785()
    {
        var spec = DiagnosticsTests.Minimal.Replace(
            "\"inputs\": { \"type\": \"string\", \"required\": true, \"description\": \"The input.\" }",
            "\"ab_c\": { \"type\": \"object\", \"typeName\": \"AbC\", \"properties\": { \"x\": { \"type\": \"string\" } } },\n    \"abc\": { \"type\": \"object\", \"typeName\": \"Abc\", \"properties\": { \"y\": { \"type\": \"string\" } } }");
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0011", diagnostic.Id);
        Assert.Contains("ignore case", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
    }

    /// <summary>
    /// The same errors from strings without escapes (read as slices of the text): a raw unpaired surrogate, and a raw
    /// control character, each at its own line and column.
    /// </summary>
    [Theory]
    [InlineData("bad {surrogate} text", "unpaired surrogate", 0)] // made in the body: xunit cannot carry a lone surrogate
    [InlineData("bad \u0001 text", "control character", 4)]
    [InlineData("bad \t text", "control character", 4)]
    public void RawBadCharactersInAPlainStringAreJsonErrorsWhereTheyAre(string raw, string message, int offsetInString)
    {
        raw = raw.Replace("{surrogate}", "\ud800");
        var spec = DiagnosticsTests.Minimal.Replace("\"The input.\"", "\"" + raw + "\"");
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0001", diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var quote = spec.IndexOf("\"" + raw, System.StringComparison.Ordinal);
        var expected = offsetInString == 0 ? quote : quote + 1 + offsetInString;
        Assert.Equal(expected, diagnostic.Location.SourceSpan.Start);
    }

    [Fact]
    public void UnpairedSurrogateIsAJsonErrorAtItsString()
    {
        var spec = DiagnosticsTests.Minimal.Replace("\"The input.\"", "\"bad \\ud800 text\"");
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0001", diagnostic.Id);
        Assert.Contains("unpaired surrogate", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        Assert.Contains("bad", spec.Split('\n')[line]);
    }

    [Fact]
    public void AstralLetterInANameIsReportedNotDropped()
    {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A is a letter, but not one a C# identifier may hold.
        var spec = DiagnosticsTests.Minimal.Replace("\"inputs\":", "\"in\\ud835\\udc00puts\":");
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0006", diagnostic.Id);
        Assert.Contains("\ud835\udc00", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HeaderNamesMustBeHttpTokens()
    {
        var spec = DiagnosticsTests.Minimal.Replace("\"payload\":",
            "\"headers\": { \"x-a\\r\\nx-b\": { \"type\": \"string\", \"scope\": \"request\" } },\n  \"payload\":");
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0010", diagnostic.Id);
    }

    [Fact]
    public void RecursiveDefinitionsGenerateAndCompile()
    {
        var spec = DiagnosticsTests.Minimal.Replace("\"response\": { \"type\": \"object\", \"properties\": { \"ok\": { \"type\": \"boolean\", \"required\": true } } }",
            """
            "definitions": {
                "node": { "type": "object", "description": "A tree node.", "properties": {
                  "label": { "type": "string", "required": true },
                  "children": { "type": "array", "items": { "ref": "node" } },
                  "parent": { "ref": "node", "nullable": true } } }
              },
              "response": { "type": "object", "properties": { "root": { "ref": "node", "required": true } } }
            """);
        var (result, output) = GeneratorHarness.Run(("/specs/demo.json", spec));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.Contains("class Node", GeneratorHarness.TypeSource(result, "Node"));
        var contract = GeneratorHarness.TypeSource(result, "DemoContract");
        Assert.Contains("#/definitions/Node", contract);
    }

    [Fact]
    public void UnknownReferenceIsTK0012WithTheDefinedNames()
    {
        var spec = DiagnosticsTests.Minimal.Replace("\"response\":",
            "\"definitions\": { \"node\": { \"type\": \"object\", \"properties\": { \"a\": { \"type\": \"string\" } } } },\n  \"response\":")
            .Replace("\"ok\": { \"type\": \"boolean\", \"required\": true }", "\"ok\": { \"ref\": \"nod\" }");
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0012", diagnostic.Id);
        Assert.Contains("node", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// 10,000 fields: generation and compilation stay linear. The generated reader nests no deeper than a 100-field
    /// one (a switch, not an else-if chain that overflowed Roslyn's stack), and the whole thing compiles.
    /// </summary>
    [Fact]
    public void TenThousandFieldsGenerateFlatCodeThatCompiles()
    {
        var (small, smallOutput, _) = RunWide(100);
        var (large, largeOutput, _) = RunWide(10_000);
        Assert.Empty(small.Diagnostics);
        Assert.Empty(large.Diagnostics);
        Assert.Equal(MaxDepth(small), MaxDepth(large));
        Assert.Empty(GeneratorHarness.CompileErrors(largeOutput));
        Assert.Empty(GeneratorHarness.CompileErrors(smallOutput));
    }

    /// <summary>Parsing is linear: 100 times the fields may not cost anywhere near 100² times the time.</summary>
    [Fact]
    public void SpecParsingIsLinearInTheNumberOfFields()
    {
        static double Median(int fields)
        {
            var text = WideSpec.Text(fields);
            var times = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = Toolkit.Generator.Parsing.SpecParser.Parse("/specs/wide.json", text, null, default);
                watch.Stop();
                Assert.NotNull(result.Value);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return times.OrderBy(t => t).ElementAt(1);
        }

        Median(1_000); // warm up
        var small = Median(1_000);
        var large = Median(100_000);
        // Linear is about 100x; the quadratic parser was about 10,000x. 1,000x leaves room for a noisy machine.
        Assert.True(large < Math.Max(small, 1) * 1_000, $"1,000 fields: {small:0.0} ms; 100,000 fields: {large:0.0} ms");
    }

    private static (GeneratorDriverRunResult Result, Compilation Output, string Text) RunWide(int fields)
    {
        var text = WideSpec.Text(fields);
        var (result, output) = GeneratorHarness.Run(("/specs/wide.json", text));
        return (result, output, text);
    }

    private static int MaxDepth(GeneratorDriverRunResult result)
        => result.GeneratedTrees.Max(t => t.GetRoot().DescendantNodes().Max(n => n.Ancestors().Count()));

    /// <summary>JSON paths of every string value and every object key (keys marked with a trailing '#').</summary>
    private static IEnumerable<string> StringLocations(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    var child = path + "/" + key;
                    if (key != "$schema") yield return child + "#";
                    if (value is not null) foreach (var p in StringLocations(value, child)) yield return p;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } item) foreach (var p in StringLocations(item, path + "/" + i)) yield return p;
                }
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                yield return path;
                break;
        }
    }

    /// <summary>Appends <paramref name="text"/> to the string or key at <paramref name="location"/>.</summary>
    private static bool Plant(JsonNode root, string location, string text)
    {
        var isKey = location.EndsWith('#');
        var parts = location.TrimEnd('#').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++) node = node is JsonArray a ? a[int.Parse(parts[i])]! : node[parts[i]]!;
        var last = parts[^1];
        if (isKey)
        {
            var parent = (JsonObject)node;
            var entries = parent.ToList();
            parent.Clear();
            foreach (var (key, value) in entries) parent[key == last ? key + text : key] = value;
            return true;
        }
        if (node is JsonArray array)
        {
            var index = int.Parse(last);
            array[index] = array[index]!.GetValue<string>() + text;
            return true;
        }
        var obj = (JsonObject)node;
        obj[last] = obj[last]!.GetValue<string>() + text;
        return true;
    }
}
