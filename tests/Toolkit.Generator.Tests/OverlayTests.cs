using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>Overlays: corrections in their own file, applied before the spec is read; bad ones are diagnostics at their position.</summary>
public sealed class OverlayTests
{
    private const string SpecPath = "/project/specs/demo/1.0.0.json";
    private const string OverlayPath = "/project/specs/demo/1.0.0.overlay.json";

    private static string Overlay(string actions) => $$"""
        {
          "overlay": "1.0.0",
          "extends": "1.0.0.json",
          "actions": [
        {{actions}}
          ]
        }
        """;

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string overlay)
        => GeneratorHarness.Run((SpecPath, DiagnosticsTests.Minimal), (OverlayPath, overlay));

    private static string Generated(GeneratorDriverRunResult result, string typeName) => GeneratorHarness.TypeSource(result, typeName);

    [Fact]
    public void AnUpdateMergesIntoTheTargetAndTheClientFollows()
    {
        var (result, output) = Run(Overlay("""
                {
                  "target": "/response/properties",
                  "update": { "score": { "type": "number" }, "ok": { "required": false } },
                  "reason": "The service adds a score and sometimes leaves ok out.",
                  "evidence": [ { "file": "recorded/run.json", "pointer": "/score" } ]
                }
            """));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var response = Generated(result, "DemoResponse");
        Assert.Contains("double? Score", response);
        Assert.Contains("bool? Ok", response);
    }

    private const string Commit = "ee0a4510f4bc15e26cb722be2efc2bdb01383ca0";

    [Fact]
    public void EvidenceMayBeAReferenceClientsSourceBesideARecording()
    {
        var (result, output) = Run(Overlay($$"""
                {
                  "target": "/response/properties/ok",
                  "update": { "required": false },
                  "reason": "The reference client accepts an answer without ok.",
                  "evidence": [
                    { "repository": "huggingface/huggingface_hub", "commit": "{{Commit}}", "path": "src/huggingface_hub/inference/_client.py", "line": 1479, "note": "parse_obj_as_list" },
                    { "file": "recorded/run.json", "exchange": 1, "pointer": "" }
                  ]
                }
            """));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.Contains("bool? Ok", Generated(result, "DemoResponse"));
    }

    [Theory]
    [InlineData("\"repository\": \"huggingface\", \"commit\": \"" + Commit + "\", \"path\": \"a.py\", \"line\": 3", "TK0010", "\"huggingface\"")]
    [InlineData("\"repository\": \"huggingface/huggingface.js\", \"commit\": \"main\", \"path\": \"a.ts\", \"line\": 3", "TK0010", "\"main\"")]
    [InlineData("\"repository\": \"huggingface/huggingface.js\", \"commit\": \"" + Commit + "\", \"path\": \"../a.ts\", \"line\": 3", "TK0010", "\"../a.ts\"")]
    [InlineData("\"repository\": \"huggingface/huggingface.js\", \"commit\": \"" + Commit + "\", \"path\": \"a.ts\", \"line\": 0", "TK0010", "0 }")]
    [InlineData("\"repository\": \"huggingface/huggingface.js\", \"commit\": \"" + Commit + "\", \"path\": \"a.ts\"", "TK0002", "{ \"repository\"")]
    [InlineData("\"repository\": \"huggingface/huggingface.js\", \"commit\": \"" + Commit + "\", \"path\": \"a.ts\", \"line\": 3, \"pointer\": \"/x\"", "TK0009", "\"pointer\"")]
    public void BadSourceEvidenceIsReportedWhereItIs(string evidence, string id, string marker)
    {
        var overlay = Overlay("""
                { "target": "/response", "update": { "description": "d" }, "reason": "r", "evidence": [ { EVIDENCE } ] }
            """.Replace("EVIDENCE", evidence));
        var (result, _) = Run(overlay);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(OverlayPath, span.Path);
        Assert.StartsWith(marker, overlay.Split('\n')[span.StartLinePosition.Line].Substring(span.StartLinePosition.Character));
    }

    [Fact]
    public void ARemoveDropsTheTargetAndActionsApplyInOrder()
    {
        var (result, output) = Run(Overlay("""
                { "target": "/payload/inputs", "remove": true, "reason": "Sent as a list now." },
                { "target": "/payload", "update": { "inputs": { "type": "array", "items": { "type": "string" }, "required": true } }, "reason": "Sent as a list now." }
            """));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.Contains("IReadOnlyList<string> Inputs", Generated(result, "DemoRequest"));
    }

    [Fact]
    public void AnUnknownTargetIsReportedAtTheTargetInTheOverlay()
    {
        var overlay = Overlay("""
                { "target": "/response/properties/nope/type", "update": "string", "reason": "r" }
            """);
        var (result, _) = Run(overlay);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0014", diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(OverlayPath, span.Path);
        var line = overlay.Split('\n')[span.StartLinePosition.Line];
        Assert.Equal("\"/response/properties/nope/type\"", line.Substring(span.StartLinePosition.Character, "\"/response/properties/nope/type\"".Length));
        Assert.Contains("has no key 'nope'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AnUpdateOfTheWrongKindIsReportedAtTheUpdate()
    {
        var overlay = Overlay("""
                { "target": "/response", "update": [ "object" ], "reason": "r" }
            """);
        var (result, _) = Run(overlay);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0014", diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(OverlayPath, span.Path);
        Assert.StartsWith("[ \"object\" ]", overlay.Split('\n')[span.StartLinePosition.Line].Substring(span.StartLinePosition.Character));
    }

    [Fact]
    public void AValueTheSpecRefusesIsReportedWhereTheOverlayWroteIt()
    {
        var overlay = Overlay("""
                { "target": "/response/properties/ok", "update": { "type": "float" }, "reason": "r" }
            """);
        var (result, _) = Run(overlay);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0004", diagnostic.Id);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(OverlayPath, span.Path);
        Assert.StartsWith("\"float\"", overlay.Split('\n')[span.StartLinePosition.Line].Substring(span.StartLinePosition.Character));
    }

    [Fact]
    public void AnActionWithoutAReasonIsReported()
    {
        var (result, _) = Run(Overlay("""
                { "target": "/response", "update": { "description": "d" } }
            """));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0002", diagnostic.Id);
        Assert.Contains("'reason'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AnOverlayOfNoSpecIsAWarning()
    {
        var (result, output) = GeneratorHarness.Run((SpecPath, DiagnosticsTests.Minimal),
            (OverlayPath, Overlay("""{ "target": "/response", "update": { "description": "d" }, "reason": "r" }""").Replace("\"1.0.0.json\"", "\"2.0.0.json\"")));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("TK0015", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.DefaultSeverity));
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    [Fact]
    public void InvalidOverlayJsonIsReportedInTheOverlay()
    {
        var (result, _) = Run("{ \"overlay\": \"1.0.0\", \"extends\": \"1.0.0.json\", oops }");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("TK0001", OverlayPath), (diagnostic.Id, diagnostic.Location.GetLineSpan().Path));
    }
}
