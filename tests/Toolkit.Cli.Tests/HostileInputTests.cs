using System;
using System.IO;
using System.Linq;
using System.Text;
using Toolkit.Cli.Specs;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// Inputs written to break the tool: each gets its exit code (0 ok, 1 findings, 2 usage or bad input) and a
/// one-line message, never a stack trace.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-hostile-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertOneLineError((int Exit, string Output, string Error) run, int exit, string contains)
    {
        Assert.True(run.Exit == exit, $"exit {run.Exit}, expected {exit}: {run.Output}{run.Error}");
        Assert.Contains(contains, run.Error);
        Assert.DoesNotContain("   at ", run.Error); // no stack trace
        Assert.DoesNotContain("   at ", run.Output);
        var errorLines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(errorLines);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("diff", "only-one.json")]
    [InlineData("import", "a.json")]
    [InlineData("record", "--spec")]
    [InlineData("no-such-verb")]
    [InlineData("diff", "a.json", "b.json", "--fail-on", "sometimes")]
    public void UsageErrorsExitTwo(params string[] args)
        => AssertOneLineError(CliRunner.Run(args), 2, "--help");

    [Fact]
    public void AWholeApiSpecListsAnAmbiguousExchangeUntilAnOperationIsNamed()
    {
        var spec = Path.Combine(Toolkit.Runtime.Tests.Infrastructure.SharedData.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "whole-api.json");
        var cassette = Write("c.json", """
            { "format": "toolkit-cassette", "formatVersion": 1, "recorded": "2026-01-01T00:00:00Z",
              "exchanges": [ { "request": { "method": "POST", "url": "https://api.acme.test/v1/models/m", "headers": {} },
                               "response": { "status": 200, "headers": { "Content-Type": "application/json" },
                                             "body": { "json": [ { "label": "a", "score": 0.5 } ] } } } ] }
            """);
        var missing = CliRunner.Run("verify", "--spec", spec, cassette);
        Assert.Equal(1, missing.Exit); // never guessed: listed with its candidates
        Assert.Contains("fits text-classification, image-classification: name one with --operation", missing.Output); // text-to-image answers an image
        AssertOneLineError(CliRunner.Run("verify", "--spec", spec, "--operation", "no-such", cassette), 2, "no operation 'no-such'");
        var run = CliRunner.Run("verify", "--spec", spec, "--operation", "text-classification", cassette);
        Assert.True(run.Exit == 0, run.Output + run.Error);
    }

    [Fact]
    public void HelpExitsZero() => Assert.Equal(0, CliRunner.Run("verify", "--help").Exit);

    [Fact]
    public void ACassetteWithAnUnpairedSurrogateEscapeIsBadInput()
    {
        var cassette = Write("lone.json", """
            { "format": "toolkit-cassette", "formatVersion": 1, "recorded": "2026-01-01T00:00:00Z", "source": "\ud800",
              "exchanges": [ { "request": { "method": "POST", "url": "https://x.test/models/m", "headers": {} },
                               "response": { "status": 200, "headers": { "X-Bad": "\udc00" } } } ] }
            """);
        AssertOneLineError(CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, cassette), 2, "valid UTF-8 text");
    }

    [Fact]
    public void ABodyWithAnUnpairedSurrogateIsAViolationNotACrash()
    {
        var cassette = Write("lone-body.json", """
            { "format": "toolkit-cassette", "formatVersion": 1, "recorded": "2026-01-01T00:00:00Z",
              "exchanges": [ { "request": { "method": "POST", "url": "https://x.test/models/m", "headers": {} },
                               "response": { "status": 200, "headers": { "Content-Type": "application/json" },
                                             "body": { "text": "[{\"label\":\"\\ud800\",\"mask\":\"\",\"score\":1}]" } } } ] }
            """);
        var run = CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, cassette);
        Assert.Equal(1, run.Exit);
        Assert.DoesNotContain("   at ", run.Output + run.Error);
    }

    [Fact]
    public void ImportWithAFolderAsOutIsBadInput()
    {
        var (input, output) = TreeSchemas();
        AssertOneLineError(CliRunner.Run("import", input, output, "--out", _dir.FullName), 2, "is a folder");
    }

    [Fact]
    public void RecordWithAFolderAsOutIsBadInput()
        => AssertOneLineError(CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--base-url", "http://127.0.0.1:9", "--out", _dir.FullName,
            "--param", "model=m"), 2, "is a folder");

    [Fact]
    public void RecordWithABadContentTypeIsBadInput()
    {
        var input = Write("image.bin", "bytes");
        AssertOneLineError(CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--base-url", "http://127.0.0.1:9",
            "--out", Path.Combine(_dir.FullName, "c.json"), "--input", input, "--content-type", "not a type", "--param", "model=m"), 2, "is not a media type");
    }

    [Fact]
    public void RecordWithATokenHoldingALineBreakIsRefusedBeforeSending()
    {
        var variable = "TOOLKIT_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "hf_abc\r\nX-Injected: 1");
        try
        {
            var input = Write("image.bin", "bytes");
            var run = CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--base-url", "http://127.0.0.1:9",
                "--out", Path.Combine(_dir.FullName, "c.json"), "--input", input, "--param", "model=m", "--token-env", variable);
            AssertOneLineError(run, 2, "nothing was sent");
            Assert.DoesNotContain("hf_abc", run.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void AnAllOfCycleIsBadInputNamingTheCycle()
    {
        var input = Write("cyc/input.json", """{ "type": "object", "properties": { "inputs": { "type": "string" } } }""");
        var output = Write("cyc/output.json", """
            { "type": "object", "properties": { "a": { "$ref": "#/$defs/A" } },
              "$defs": { "A": { "allOf": [ { "$ref": "#/$defs/B" } ] }, "B": { "allOf": [ { "$ref": "#/$defs/A" } ] } } }
            """);
        var run = CliRunner.Run("import", input, output, "--out", Path.Combine(_dir.FullName, "out.json"));
        AssertOneLineError(run, 2, "cycle");
        Assert.Contains("#/definitions/A", run.Error);
        Assert.Contains("#/definitions/B", run.Error);
    }

    [Fact]
    public void ARecursiveSchemaImportsAsARecursiveNamedTypeThatCompiles()
    {
        var (input, output) = TreeSchemas();
        var spec = Path.Combine(_dir.FullName, "tree.json");
        var run = CliRunner.Run("import", input, output, "--out", spec);
        Assert.True(run.Exit == 0, run.Output + run.Error);
        var text = File.ReadAllText(spec);
        Assert.Contains("\"definitions\"", text);
        Assert.Contains("\"ref\": \"Node\"", text);
        var (assembly, problems) = SpecCompiler.CompileAssembly(spec, strict: true);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var node = assembly!.GetTypes().Single(t => t.Name == "Node");
        Assert.Contains(node.GetProperties(), p => p.Name == "Children");
    }

    [Fact]
    public void AHugeSpecVerifiesWithoutCrashing()
    {
        var spec = Write("wide.json", Toolkit.Tests.Shared.WideSpec.Text(10_000));
        var cassette = Write("wide-cassette.json", """
            { "format": "toolkit-cassette", "formatVersion": 1, "recorded": "2026-01-01T00:00:00Z",
              "exchanges": [ { "request": { "method": "POST", "url": "https://example.test/run", "headers": {} },
                               "response": { "status": 200, "headers": { "Content-Type": "application/json" },
                                             "body": { "json": { "field_0": "a", "field_1": 1.5, "field_9999": true } } } } ] }
            """);
        var run = CliRunner.Run("verify", "--spec", spec, cassette);
        Assert.True(run.Exit == 0, run.Output + run.Error);
    }

    private (string Input, string Output) TreeSchemas()
    {
        var input = Write("tree/input.json", """
            { "$id": "/inference/schemas/tree/input.json", "title": "TreeInput", "type": "object",
              "properties": { "inputs": { "type": "string", "description": "Text." } }, "required": ["inputs"] }
            """);
        var output = Write("tree/output.json", """
            { "$id": "/inference/schemas/tree/output.json", "title": "TreeOutput", "type": "object",
              "properties": { "root": { "$ref": "#/$defs/Node" } },
              "$defs": { "Node": { "type": "object", "title": "Node", "properties": {
                 "label": { "type": "string" },
                 "children": { "type": "array", "items": { "$ref": "#/$defs/Node" } } }, "required": ["label"] } } }
            """);
        return (input, output);
    }

    private string ValidRecording(string name)
        => Write(name, """
            { "source": "test", "exchanges": [ { "request": { "method": "POST", "url": "https://api-inference.huggingface.co/models/m", "headers": {}, "body": null },
              "response": { "status": 400, "headers": { "Content-Type": "application/json" }, "body": { "encoding": "utf8", "text": "{\"error\":\"bad\"}" } } } ] }
            """);

    [Fact]
    public async System.Threading.Tasks.Task AFolderWithSymlinkLoopsIsWalkedOnce()
    {
        ValidRecording("tree/a/ok.json");
        File.CreateSymbolicLink(Path.Combine(_dir.FullName, "tree", "a", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_dir.FullName, "tree", "a", "self"), Path.Combine(_dir.FullName, "tree", "a"));
        var result = await System.Threading.Tasks.Task.Run(() => CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, Path.Combine(_dir.FullName, "tree")))
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.Exit == 0, result.Output + result.Error);
        Assert.Contains("in 1 file(s)", result.Output);
    }

    [Fact]
    public async System.Threading.Tasks.Task AFifoOrADeviceNamedJsonIsOneErrorNotAHang()
    {
        if (OperatingSystem.IsWindows()) return; // no FIFOs or /dev/zero
        ValidRecording("special/ok.json");
        var fifo = Path.Combine(_dir.FullName, "special", "pipe.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var zero = Path.Combine(_dir.FullName, "zero.json");
        File.CreateSymbolicLink(zero, "/dev/zero");
        foreach (var input in new[] { Path.Combine(_dir.FullName, "special"), zero })
        {
            var result = await System.Threading.Tasks.Task.Run(() => CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, input)).WaitAsync(TimeSpan.FromSeconds(60));
            AssertOneLineError(result, 2, "not a regular file");
        }
    }

    [Fact]
    public void ARecordingLargerThanTheLimitIsRefusedUnread()
    {
        var big = Path.Combine(_dir.FullName, "big.json");
        using (var stream = File.Create(big)) stream.SetLength(Toolkit.Cli.Commands.Recordings.MaxFileBytes + 1); // sparse: nothing written
        var watch = System.Diagnostics.Stopwatch.StartNew();
        AssertOneLineError(CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, big), 2, "more than the 268435456 a recording may hold");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), watch.Elapsed.ToString());
    }

    [Fact]
    public void ControlCharactersInFileNamesNeverReachTheTerminal()
    {
        var name = ValidRecording("esc\u001b[31mred\rx.json");
        var run = CliRunner.Run("replay", "--spec", CliRunner.ImageSegmentationSpec, name);
        Assert.DoesNotContain('\u001b', run.Output + run.Error);
        Assert.DoesNotContain('\r', run.Output + run.Error);
        Assert.Contains("esc\\u001b[31mred\\u000dx.json", run.Output);
    }

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--specs", "unknown option '--specs'; did you mean '--spec'?")]
    public void AnUnknownOptionIsNamedNeverReadAsAFile(string option, string message)
    {
        var recording = ValidRecording("ok.json");
        var args = option == "--specs" ? new[] { "verify", "--specs", CliRunner.ImageSegmentationSpec, recording } : new[] { "verify", "--spec", CliRunner.ImageSegmentationSpec, option, recording };
        var run = CliRunner.Run(args);
        AssertOneLineError(run, 2, message);
        Assert.DoesNotContain("Could not find", run.Error);
        Assert.DoesNotContain("is required", run.Error);
    }

    [Fact]
    public void ImportSaysWhatIsWrongWithTheFileItWasGiven()
    {
        var outFile = Path.Combine(_dir.FullName, "out.json");
        AssertOneLineError(CliRunner.Run("import", Path.Combine(_dir.FullName, "missing.json"), "--out", outFile), 2, "missing.json' does not exist");
        AssertOneLineError(CliRunner.Run("import", _dir.FullName, "--out", outFile), 2, "is a folder");
        var readme = Write("README.md", "# not a document\n");
        AssertOneLineError(CliRunner.Run("import", readme, "--out", outFile), 2, "is neither an OpenAPI document");
        var help = CliRunner.Run("import", "--help");
        Assert.Contains("An OpenAPI 3.0/3.1 document", help.Output);
    }
}
