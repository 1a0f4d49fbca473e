using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using SegmentationStandIn;
using Xunit;

namespace Toolkit.AI.Tests;

/// <summary>samples/ToolChat, run as a user runs it, without a token: the stand-in calls the tool and answers its result.</summary>
public sealed class ToolChatSampleTests
{
    [Fact]
    public async Task TheSampleCallsTheToolAndPrintsTheAnswer()
    {
        var dll = Path.Combine(AppContext.BaseDirectory.Replace(Path.Combine("tests", "Toolkit.AI.Tests"), Path.Combine("samples", "ToolChat")), "ToolChat.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("Lyon");
        start.Environment.Remove("HF_TOKEN");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the sample did not finish in 60 s");
        }
        Assert.True(process.ExitCode == 0, await error);
        var text = await output;
        Assert.Contains("[assistant] calls get_weather([city, What is the weather in Lyon?])", text);
        Assert.Contains("[tool] 22 degrees and sunny in What is the weather in Lyon?", text);
        Assert.Contains("[assistant] " + string.Join(' ', ChatStandIn.Answer("22 degrees and sunny in What is the weather in Lyon?")), text);
        Assert.Contains("(openai/gpt-oss-120b on the local stand-in, not a model;", text);
    }
}
