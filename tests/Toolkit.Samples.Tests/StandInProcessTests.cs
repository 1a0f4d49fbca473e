using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Toolkit.Samples.Tests;

/// <summary>
/// The stand-in run on its own, as `dotnet run --project samples/SegmentationStandIn` runs it: the signals that scripts,
/// CI and container runtimes send stop it (it used to keep answering until SIGKILL).
/// </summary>
public sealed partial class StandInProcessTests
{
    [GeneratedRegex(@"at (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Address();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Theory]
    [InlineData(15)] // SIGTERM: docker stop, systemd, CI runners, kill
    [InlineData(2)] // SIGINT: Ctrl+C
    public async Task AStopSignalEndsTheProcessCleanly(int signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // POSIX signals
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SegmentationStandIn.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        using var process = Process.Start(start)!;
        try
        {
            // It serves: the printed address answers.
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var address = Address().Match(line ?? "");
            Assert.True(address.Success, $"no address in: {line}; stderr: {(process.HasExited ? await process.StandardError.ReadToEndAsync() : "")}");
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                using var answer = await http.PostAsync(address.Groups[1].Value + "models/x", new ByteArrayContent(new byte[] { 1, 2, 3 }));
                Assert.Equal(400, (int)answer.StatusCode); // not an image: the stand-in's own error, so it is up
            }

            Assert.Equal(0, Kill(process.Id, signal));
            var rest = process.StandardOutput.ReadToEndAsync();
            // Generous for a loaded machine; before the fix it never exited.
            using var deadline = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Stopping.", await rest);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
