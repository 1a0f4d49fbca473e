using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Toolkit.Runtime.Masks;
using Xunit;

namespace Toolkit.Samples.Tests;

/// <summary>The SegmentImage console sample, run in-process through its entry point, as the README's first command runs it.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class SampleTests
{
    private static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        var entry = typeof(SegmentImageMarker).Assembly.EntryPoint!;
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var result = entry.Invoke(null, new object[] { args });
            var code = result is Task<int> task ? task.GetAwaiter().GetResult() : (int)result!;
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public void DefaultRunPrintsSegmentsAndWritesOneMaskPerSegment()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "toolkit-sample-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, stderr) = Run("--local", "--out", outDir);
            Assert.True(code == 0, stderr);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var count = int.Parse(lines[^1].Split(' ')[0]);
            Assert.True(count >= 4);
            Assert.Contains("area %", stdout);
            var files = Directory.GetFiles(outDir, "mask-*.png");
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "segments.json")));
            Assert.Equal(count, json.RootElement.GetArrayLength());
            Assert.Equal(count, files.Length);
            var overlay = PngMaskDecoder.Decode(File.ReadAllBytes(Path.Combine(outDir, "overlay.png")));
            Assert.Equal((320, 240), (overlay.Width, overlay.Height));
            Assert.Contains("overlay.png", stdout);
            Assert.All(files.Select(f => PngMaskDecoder.Decode(File.ReadAllBytes(f))), m => Assert.Equal((320, 240), (m.Width, m.Height)));
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Theory]
    [InlineData(2, "image not found", "missing.png")]
    [InlineData(2, "--subtask must be", "--subtask", "amodal")]
    [InlineData(2, "must be between 0 and 1", "--threshold", "1.5", "--local")]
    public void BadInputIsOneClearLineAndANonZeroExit(int expectedCode, string message, params string[] args)
    {
        var (code, _, stderr) = Run(args);
        Assert.Equal(expectedCode, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(message, line);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void HelpPrintsTheUsageAndSendsNothing(string flag)
    {
        var (code, stdout, stderr) = Run(flag);
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: SegmentImage", stdout.TrimStart());
        foreach (var option in new[] { "--subtask", "--threshold", "--model", "--out", "--local", "--endpoint", "HF_TOKEN", "Exit codes" }) Assert.Contains(option, stdout);
        Assert.Equal("", stderr); // nothing started, nothing sent
    }

    [Fact]
    public void AnUnknownOptionPointsAtHelp()
    {
        var (code, _, stderr) = Run("--frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("unknown option --frobnicate (--help lists the options)", stderr);
    }

    [Fact]
    public void NotAnImageAndTooLargeImagesAreRefusedBeforeSending()
    {
        var notImage = Path.GetTempFileName();
        var large = Path.GetTempFileName();
        File.WriteAllText(notImage, "not an image");
        File.WriteAllBytes(large, PngMaskWriter.Write(new byte[5000 * 5000], 5000, 5000));
        try
        {
            AssertFails(2, "not an image", notImage, "--local");
            AssertFails(2, "image too large: 5000x5000", large, "--local");
        }
        finally
        {
            File.Delete(notImage);
            File.Delete(large);
        }
    }

    [Fact]
    public async Task RemoteFailuresAreOneClearLine()
    {
        var previous = Environment.GetEnvironmentVariable("HF_TOKEN");
        Environment.SetEnvironmentVariable("HF_TOKEN", "hf_testToken123");
        await using var api = await FakeApi.StartAsync();
        try
        {
            AssertFails(4, "Could not reach 127.0.0.1:1: ", "--endpoint", "http://127.0.0.1:1");
            var unauthorized = AssertFails(3, "401", "--endpoint", api.Address + "unauthorized");
            Assert.Contains("Invalid credentials", unauthorized);
            Assert.DoesNotContain("hf_testToken123", unauthorized);
            var loading = AssertFails(3, "503", "--endpoint", api.Address + "loading");
            Assert.Contains("currently loading", loading);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_TOKEN", previous);
        }
    }

    private static string AssertFails(int expectedCode, string message, params string[] args)
    {
        var (code, _, stderr) = Run(args);
        Assert.True(code == expectedCode, $"exit {code}: {stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(message, line);
        Assert.DoesNotContain("   at ", stderr);
        return line;
    }
}

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection
{
}
