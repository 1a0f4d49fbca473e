using System;
using System.IO;
using System.Threading.Tasks;
using SegmentationStandIn;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Testing.Cassettes;
using Xunit;

namespace Toolkit.Cli.Tests;

public sealed class RecordCommandTests : IDisposable
{
    private const string Token = "hf_CliRecordSecret42";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-cli-record-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Image => Path.Combine(SharedData.RepoRoot, "samples", "SegmentImage", "assets", "shapes.png");

    [Fact]
    public async Task RecordsAgainstABaseUrlRedactsAndVerifies()
    {
        await using var server = await StandInServer.StartAsync();
        var cassette = Path.Combine(_dir.FullName, "shapes.json");
        Environment.SetEnvironmentVariable("TOOLKIT_TEST_TOKEN", Token);
        try
        {
            var (exit, output, error) = CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--base-url", server.BaseAddress.ToString(),
                "--out", cassette, "--input", Image, "--param", "model=stand-in/model", "--header", "x-wait-for-model: true", "--token-env", "TOOLKIT_TEST_TOKEN");
            Assert.True(exit == 0, output + error);
            Assert.Contains("-> 200", output);
            Assert.Contains("no violations", output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TOOLKIT_TEST_TOKEN", null);
        }
        var text = File.ReadAllText(cassette);
        Assert.DoesNotContain(Token, text);
        var recorded = CassetteFile.Load(cassette);
        Assert.EndsWith("/models/stand-in/model", recorded.Exchanges[0].Request.Url);
        Assert.Equal("<redacted>", recorded.Exchanges[0].Request.Headers["Authorization"]);
        Assert.Equal("image-segmentation", recorded.Spec!.Name);

        var (verifyExit, verifyOutput, _) = CliRunner.Run("verify", "--spec", CliRunner.ImageSegmentationSpec, cassette);
        Assert.Equal(0, verifyExit);
        Assert.Contains("no violations", verifyOutput);
    }

    [RecordedFact]
    public void SharedRecordingsConvertToCassettesWithoutLosingAByte()
    {
        foreach (var file in Directory.GetFiles(SharedData.RecordedDirectory, "*.json"))
        {
            var cassette = Path.Combine(_dir.FullName, Path.GetFileName(file));
            var (exit, output, error) = CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--from", file, "--out", cassette);
            Assert.True(exit == 0, file + "\n" + output + error);
            Assert.Contains("no violations", output);
            var original = Toolkit.Testing.Import.ExchangeFileImporter.Import(file);
            var saved = CassetteFile.Load(cassette);
            Assert.Equal("image-segmentation", saved.Spec!.Name);
            Assert.Equal(original.Exchanges.Count, saved.Exchanges.Count);
            for (var i = 0; i < original.Exchanges.Count; i++)
            {
                Assert.Equal(original.Exchanges[i].Response.Status, saved.Exchanges[i].Response.Status);
                Assert.Equal(original.Exchanges[i].Response.Body?.Bytes.ToArray(), saved.Exchanges[i].Response.Body?.Bytes.ToArray());
                Assert.Equal(original.Exchanges[i].Request.Body?.Bytes.ToArray(), saved.Exchanges[i].Request.Body?.Bytes.ToArray());
            }
        }
    }

    [Fact]
    public void RecordNeedsABaseUrlOrAnExchangeFile()
    {
        var (exit, _, error) = CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--out", Path.Combine(_dir.FullName, "x.json"));
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("--base-url", error);
        Assert.Contains("--from", error);
    }

    [Fact]
    public void AMissingPathParameterIsNamed()
    {
        var (exit, _, error) = CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--base-url", "http://127.0.0.1:9", "--out", Path.Combine(_dir.FullName, "x.json"), "--input", Image);
        Assert.True(exit == ExitCodes.InvalidInput, error);
        Assert.Contains("--param model=", error);
    }

    [Fact]
    public void AnUnreachableServiceExitsThree()
    {
        var (exit, _, error) = CliRunner.Run("record", "--spec", CliRunner.ImageSegmentationSpec, "--base-url", "http://127.0.0.1:9",
            "--out", Path.Combine(_dir.FullName, "x.json"), "--input", Image, "--param", "model=m");
        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("could not be reached", error);
    }
}
