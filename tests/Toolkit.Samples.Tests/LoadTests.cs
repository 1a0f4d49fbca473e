using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SegmentationStandIn;
using SegmentationStandIn.Contract;
using Xunit;
using Xunit.Abstractions;

namespace Toolkit.Samples.Tests;

/// <summary>A bounded load test against the local stand-in: 2,000 requests, 32 at a time, through one client.</summary>
[Collection(nameof(ConsoleCollection))] // alone: other tests' allocations would blur the memory check
public sealed class LoadTests
{
    private readonly ITestOutputHelper _output;

    public LoadTests(ITestOutputHelper output) => _output = output;

    private static async Task<int> RunAsync(ImageSegmentationClient client, byte[] image, ImageSegmentationParameters parameters, int total, CancellationToken cancellationToken)
    {
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < total)
            {
                try
                {
                    var segments = await client.SegmentAsync(image, parameters, cancellationToken: cancellationToken);
                    if (segments.Count == 0) Interlocked.Increment(ref failures);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return failures;
    }

    [Fact]
    public async Task TwoThousandRequestsAtConcurrency32()
    {
        var image = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "assets", "shapes.png"));
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var client = new ImageSegmentationClient(http, new ImageSegmentationClientOptions { Model = "load/test", BaseAddress = server.BaseAddress });
        var parameters = new ImageSegmentationParameters { Subtask = ImageSegmentationSubtask.Instance };

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Warm up at the same concurrency, so that connections, JIT and buffer pools reach their steady state.
        var failures = await RunAsync(client, image, parameters, 256, deadline.Token);

        // A leak grows with the number of requests; a pool (the server's or the runtime's) reaching a new high-water
        // mark grows once. So the 2,000 requests run as two halves, and only growth in both halves counts as a leak:
        // 512 KiB a half is 512 bytes retained per request.
        const int half = 1000;
        const long tolerance = 512 * 1024;
        var memory = new long[3];
        memory[0] = SettledMemory();
        var watch = Stopwatch.StartNew();
        for (var i = 1; i <= 2; i++)
        {
            failures += await RunAsync(client, image, parameters, half, deadline.Token);
            memory[i] = SettledMemory();
        }
        watch.Stop();

        var perSecond = 2 * half / watch.Elapsed.TotalSeconds;
        _output.WriteLine($"{2 * half} requests in {watch.Elapsed.TotalSeconds:0.00} s: {perSecond:0} requests/s; managed memory {string.Join(" -> ", memory.Select(m => $"{m / 1024} KiB"))}");
        Assert.Equal(0, failures);
        var (first, second) = (memory[1] - memory[0], memory[2] - memory[1]);
        Assert.False(first > tolerance && second > tolerance, $"managed memory grew in both halves ({first} then {second} bytes over {half} requests each): something is kept per request");
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
