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
        var before = GC.GetTotalMemory(forceFullCollection: true);

        const int total = 2000;
        var watch = Stopwatch.StartNew();
        failures += await RunAsync(client, image, parameters, total, deadline.Token);
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var perSecond = total / watch.Elapsed.TotalSeconds;
        _output.WriteLine($"{total} requests in {watch.Elapsed.TotalSeconds:0.00} s: {perSecond:0} requests/s; managed memory {before / 1024} KiB before, {after / 1024} KiB after");
        Assert.Equal(0, failures);
        Assert.True(after <= before * 1.10, $"managed memory grew from {before} to {after} bytes");
    }
}
