using System;
using System.IO;
using System.Text.Json;
using Xunit;

namespace Toolkit.Cli.Tests;

public sealed class DiffCommandTests : IDisposable
{
    private const string Spec = """
        {
          "name": "demo", "version": "1.0.0", "namespace": "Demo.Api", "operation": "run",
          "request": { "method": "POST", "path": "/run", "baseUrl": "https://example.test" },
          "payload": {
            "inputs": { "type": "string", "required": true },
            "threshold": { "type": "number", "default": 0.5 }
          },
          "response": { "type": "object", "properties": { "kind": { "type": "enum", "values": ["a", "b"] } } }
        }
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-diff-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ABreakingChangeExitsOneAndNamesTheRuleAndTheBump()
    {
        var old = Write("old.json", Spec);
        var @new = Write("new.json", Spec.Replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"").Replace("\"threshold\": { \"type\": \"number\", \"default\": 0.5 }", "\"threshold\": { \"type\": \"string\" }"));
        var (exit, output, _) = CliRunner.Run("diff", old, @new);
        Assert.Equal(ExitCodes.ProblemsFound, exit);
        Assert.Contains("1 breaking", output);
        Assert.Contains("BREAKING  TKD006 type-changed  payload.threshold", output);
        Assert.Contains("needs a major bump; the new version does not have it", output);
    }

    [Fact]
    public void FailOnChoosesTheThreshold()
    {
        var old = Write("old.json", Spec);
        var @new = Write("new.json", Spec.Replace("\"values\": [\"a\", \"b\"]", "\"values\": [\"a\", \"b\", \"c\"]"));
        Assert.Equal(ExitCodes.Success, CliRunner.Run("diff", old, @new).Exit); // a warning only; default --fail-on breaking
        Assert.Equal(ExitCodes.ProblemsFound, CliRunner.Run("diff", old, @new, "--fail-on", "warning").Exit);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("diff", old, old, "--fail-on", "warning").Exit);
        Assert.NotEqual(0, CliRunner.Run("diff", old, @new, "--fail-on", "sometimes").Exit);
    }

    [Fact]
    public void JsonOutputListsEveryChange()
    {
        var old = Write("old.json", Spec);
        var @new = Write("new.json", Spec.Replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\"").Replace("\"default\": 0.5", "\"default\": 0.9"));
        var (exit, output, _) = CliRunner.Run("diff", old, @new, "--json");
        Assert.Equal(ExitCodes.Success, exit);
        using var document = JsonDocument.Parse(output);
        var change = Assert.Single(document.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal("TKD015", change.GetProperty("rule").GetString());
        Assert.Equal("warning", change.GetProperty("severity").GetString());
        Assert.Equal("0.5", change.GetProperty("old").GetString());
        Assert.Equal("0.9", change.GetProperty("new").GetString());
        Assert.Equal("minor", document.RootElement.GetProperty("requiredBump").GetString());
        Assert.True(document.RootElement.GetProperty("versionBumpSufficient").GetBoolean());
    }

    [Fact]
    public void ASpecWithErrorsExitsTwo()
    {
        var old = Write("old.json", Spec);
        var broken = Write("broken.json", "{ \"name\": 1 }");
        var (exit, _, error) = CliRunner.Run("diff", old, broken);
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("broken.json(1,", error);
    }
}
