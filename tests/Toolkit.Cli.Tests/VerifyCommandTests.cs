using System;
using System.IO;
using System.Text.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string ExchangeFile(int status, string body, string contentType = "application/json")
        => JsonSerializer.Serialize(new
        {
            source = "test",
            exchanges = new[]
            {
                new
                {
                    request = new { method = "POST", url = "https://api-inference.huggingface.co/models/m", headers = new { }, body = (object?)null },
                    response = new { status, headers = new System.Collections.Generic.Dictionary<string, string> { ["Content-Type"] = contentType }, body = new { encoding = "utf8", text = body } },
                },
            },
        });

    [RecordedFact]
    public void RealRecordingsVerifyCleanAndExitZero()
    {
        var (exit, output, error) = CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, SharedData.RecordedDirectory);
        Assert.True(exit == 0, output + error);
        Assert.Contains("no violations", output);
    }

    [Fact]
    public void ViolationsExitOneAndJsonNamesThePointer()
    {
        var file = Write("bad.json", ExchangeFile(200, "[{\"label\":\"cat\",\"score\":1.7,\"mask\":\"@@\"}]"));
        var (exit, output, _) = CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, "--json", file);
        Assert.Equal(ExitCodes.ProblemsFound, exit);
        using var report = JsonDocument.Parse(output);
        Assert.False(report.RootElement.GetProperty("clean").GetBoolean());
        var kinds = new System.Collections.Generic.List<string>();
        foreach (var v in report.RootElement.GetProperty("violations").EnumerateArray())
        {
            kinds.Add(v.GetProperty("kind").GetString() + " " + v.GetProperty("pointer").GetString());
        }
        Assert.Equal(new[] { "out-of-range /0/score", "invalid-mask /0/mask" }, kinds);
    }

    [Fact]
    public void TextReportIsReadable()
    {
        var file = Write("bad.json", ExchangeFile(200, "[{\"score\":0.5,\"mask\":\"\"}]", "text/html"));
        var (exit, output, _) = CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, file);
        Assert.Equal(ExitCodes.ProblemsFound, exit);
        Assert.Contains("wrong-content-type", output);
        Assert.Contains("/0/label  missing-field", output);
        Assert.Contains("expected application/json", output);
    }

    [Fact]
    public void ASpecWithErrorsExitsTwoWithFileLineAndColumn()
    {
        var spec = Write("broken.json", "{\n  \"name\": \"x\",\n  \"version\": \"one\"\n}");
        var file = Write("ok.json", ExchangeFile(200, "[]"));
        var (exit, _, error) = CliRunner.Run("verify", "--spec", spec, file);
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("broken.json(3,14): error TK0003", error);
    }

    [Fact]
    public void AMalformedCassetteExitsTwo()
    {
        var file = Write("c.json", "{\"format\":\"toolkit-cassette\",\"formatVersion\":1,\"exchanges\":[{\"request\":{}}]}");
        var (exit, _, error) = CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, file);
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("$.exchanges[0]", error);
    }

    [Fact]
    public void MissingArgumentsAreUsageErrors()
    {
        var (exit, _, error) = CliRunner.Run("verify", "somefile.json");
        Assert.NotEqual(0, exit);
        Assert.Contains("--spec", error);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("record")]
    [InlineData("diff")]
    [InlineData("import")]
    public void EveryVerbHasHelp(string verb)
    {
        var (exit, output, _) = CliRunner.Run(verb, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output);
        Assert.Contains(" " + verb + " ", output);
    }
}
