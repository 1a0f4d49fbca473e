using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// <c>toolkit diff</c> measures the generated C# surface: both versions compiled, code written against the old one
/// compiled against the new one; what fails is reported on the spec change that explains it, with the compiler's error.
/// </summary>
public sealed class SurfaceDiffTests : IDisposable
{
    private const string Spec = """
        {
          "name": "demo", "version": "1.0.0", "namespace": "Demo.Api", "operation": "run",
          "request": { "method": "POST", "path": "/run", "baseUrl": "https://example.test" },
          "payload": {
            "inputs": { "type": "string", "required": true },
            "threshold": { "type": "number" }
          },
          "response": { "type": "object", "properties": { "label": { "type": "string", "required": true } } }
        }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-surface-");

    public void Dispose() => _dir.Delete(recursive: true);

    private JsonElement Diff(string newSpec, params string[] extra)
    {
        var old = Path.Combine(_dir.FullName, "old.json");
        var @new = Path.Combine(_dir.FullName, "new.json");
        File.WriteAllText(old, Spec);
        File.WriteAllText(@new, newSpec.Replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\""));
        var (_, output, error) = CliRunner.Run(new[] { "diff", old, @new, "--json" }.Concat(extra).ToArray());
        Assert.True(output.Length > 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static JsonElement Change(JsonElement report, string rule, string path)
        => Assert.Single(report.GetProperty("changes").EnumerateArray(), c => c.GetProperty("rule").GetString() == rule && c.GetProperty("path").GetString() == path);

    /// <summary>
    /// Optional request fields live on the request object, never as parameters: a field added before another, of
    /// another type or of the same type, or last, moves no parameter, so old calls compile and send what they sent.
    /// </summary>
    [Theory]
    [InlineData("\"threshold\":", "\"top_k\": { \"type\": \"integer\" },\n    \"threshold\":", "payload.top_k")]
    [InlineData("\"threshold\":", "\"temperature\": { \"type\": \"number\" },\n    \"threshold\":", "payload.temperature")]
    [InlineData("\"threshold\": { \"type\": \"number\" }", "\"threshold\": { \"type\": \"number\" },\n    \"zeta\": { \"type\": \"number\" }", "payload.zeta")]
    public void AnOptionalFieldAddedAnywhereMovesNoParameter(string find, string replace, string path)
    {
        var report = Diff(Spec.Replace(find, replace));
        var change = Change(report, "TKD003", path);
        Assert.Equal("info", change.GetProperty("wireSeverity").GetString());
        Assert.Empty(Findings(change));
        Assert.NotEqual("breaking", change.GetProperty("severity").GetString());
        Assert.NotEqual("major", report.GetProperty("requiredBump").GetString());
    }

    /// <summary>Every surface finding of a change (the worst is its <c>surface</c>; all are under <c>surfaceFindings</c> when several).</summary>
    private static JsonElement[] Findings(JsonElement change)
        => change.TryGetProperty("surfaceFindings", out var all) ? all.EnumerateArray().ToArray()
            : change.TryGetProperty("surface", out var one) ? new[] { one } : Array.Empty<JsonElement>();

    /// <summary>
    /// "single" added: the wire is the same array, every method of the operation returns the element now (the file
    /// overload too), and the measured breaks are all TKD044's, none left unexplained (TKD043).
    /// </summary>
    [Fact]
    public void ResponseSingleAddedChangesEveryMethodsReturnType()
    {
        const string Image = """
            {
              "name": "demo", "version": "1.0.0", "namespace": "Demo.Api", "operation": "run",
              "request": { "method": "POST", "path": "/run", "baseUrl": "https://example.test", "body": { "rawField": "inputs", "rawContentType": "image/png" } },
              "payload": { "inputs": { "type": "string", "format": "binary", "required": true } },
              "response": { "type": "array", "items": { "type": "object", "typeName": "Caption", "properties": { "text": { "type": "string", "required": true } } } }
            }
            """;
        var old = Path.Combine(_dir.FullName, "image-old.json");
        var @new = Path.Combine(_dir.FullName, "image-new.json");
        File.WriteAllText(old, Image);
        File.WriteAllText(@new, Image.Replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\"").Replace("\"response\": { \"type\": \"array\",", "\"response\": { \"type\": \"array\", \"single\": true,"));
        var (_, output, error) = CliRunner.Run("diff", old, @new, "--json");
        Assert.True(output.Length > 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        var changes = report.GetProperty("changes").EnumerateArray().ToList();
        var change = Assert.Single(changes);
        Assert.Equal(("TKD044", "response.single"), (change.GetProperty("rule").GetString(), change.GetProperty("path").GetString()));
        Assert.Equal("warning", change.GetProperty("wireSeverity").GetString());
        Assert.Equal("breaking", change.GetProperty("severity").GetString());
        var findings = Findings(change);
        Assert.Equal(new[] { "DemoClient.RunAsync", "DemoClient.RunFromFileAsync" }, findings.Select(f => f.GetProperty("member").GetString()).Distinct().Order());
        Assert.All(findings, f => Assert.Equal("CS0029", f.GetProperty("compilerError").GetString()));
        Assert.Equal("major", report.GetProperty("requiredBump").GetString());
    }

    [Fact]
    public void ANewRequiredResponseFieldBreaksObjectInitializers()
    {
        var report = Diff(Spec.Replace("\"label\": { \"type\": \"string\", \"required\": true }", "\"label\": { \"type\": \"string\", \"required\": true }, \"score\": { \"type\": \"number\", \"required\": true }"));
        var change = Change(report, "TKD014", "response.score");
        Assert.Equal("info", change.GetProperty("wireSeverity").GetString());
        Assert.Equal("CS9035", change.GetProperty("surface").GetProperty("compilerError").GetString());
        Assert.Equal("DemoResponse.Score", change.GetProperty("surface").GetProperty("member").GetString());
    }

    [Fact]
    public void AFieldThatBecameOptionalTurnsAValueTypeNullable()
    {
        var spec = Spec.Replace("\"threshold\": { \"type\": \"number\" }", "\"threshold\": { \"type\": \"number\", \"required\": true }");
        var old = Path.Combine(_dir.FullName, "required.json");
        File.WriteAllText(old, spec);
        var @new = Path.Combine(_dir.FullName, "optional.json");
        File.WriteAllText(@new, Spec.Replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\""));
        var (_, output, _) = CliRunner.Run("diff", old, @new, "--json");
        using var report = JsonDocument.Parse(output);
        var change = Change(report.RootElement, "TKD005", "payload.threshold");
        Assert.Equal("surface", change.GetProperty("breaks").GetString());
        Assert.Contains(new[] { change.GetProperty("surface") }.Concat(change.TryGetProperty("surfaceFindings", out var all) ? all.EnumerateArray() : Enumerable.Empty<JsonElement>()),
            f => f.GetProperty("compilerError").GetString() == "CS0266" && f.GetProperty("member").GetString() == "DemoRequest.Threshold");
    }

    [Fact]
    public void TheModelModeSaysWhatTheBuildSays()
    {
        var report = Diff(Spec.Replace("\"threshold\":", "\"top_k\": { \"type\": \"integer\" },\n    \"threshold\":"), "--surface", "model");
        Assert.StartsWith("the model's rules", report.GetProperty("surface").GetString());
    }
}
