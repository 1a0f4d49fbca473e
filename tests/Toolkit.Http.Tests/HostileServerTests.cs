using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using Microsoft.Extensions.DependencyInjection;
using Toolkit.Runtime.Errors;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Http.Tests;

/// <summary>Registered clients against a server that misbehaves: the pipeline's timeouts cover bodies, waits never overflow.</summary>
public sealed class HostileServerTests
{
    private static readonly byte[] Image = { 1, 2, 3 };

    private static ServiceProvider Provider(HostileServer server, Action<Toolkit.Http.Resilience.ToolkitResilienceOptions> resilience)
    {
        var services = new ServiceCollection();
        services.AddImageSegmentationClient(o => { o.BaseAddress = server.Address; o.Model = "m"; o.Token = "hf_HttpHostile1"; }, resilience)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task ADrippingBodyIsCutByTheAttemptTimeout()
    {
        await using var server = HostileServer.Start(async (_, r) =>
        {
            await r.HeadAsync(200, "OK", ("Content-Type", "application/json"), ("Content-Length", "1000"));
            await r.DripAsync(1000, TimeSpan.FromMilliseconds(250));
        });
        using var provider = Provider(server, r =>
        {
            r.AttemptTimeout = TimeSpan.FromSeconds(1);
            r.MaxRetryAttempts = 1;
            r.BaseDelay = TimeSpan.FromMilliseconds(1);
        });
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => provider.GetRequiredService<ImageSegmentationClient>().SegmentAsync(Image));
        // Two attempts of one second each (the first retried), with room for a loaded machine: the drip alone takes 250 s.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed}");
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task AnAbsurdEstimatedTimeIsCappedBeforeConversion()
    {
        await using var server = HostileServer.Start((_, r) => r.AnswerAsync(503, "Service Unavailable",
            Encoding.UTF8.GetBytes("{\"error\":\"loading\",\"estimated_time\":1e12}"), ("Content-Type", "application/json")));
        using var provider = Provider(server, r =>
        {
            r.MaxRetryAttempts = 1;
            r.MaxDelay = TimeSpan.FromMilliseconds(10);
        });
        var error = await Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<ImageSegmentationClient>().SegmentAsync(Image));
        Assert.True(error.IsLoading);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task AnEndlessErrorBodyStopsAtTheErrorLimit()
    {
        await using var server = HostileServer.Start(async (_, r) =>
        {
            await r.HeadAsync(400, "Bad Request", ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"));
            await r.EndlessChunkedAsync(new byte[64 * 1024]);
        });
        using var provider = Provider(server, r => r.MaxRetryAttempts = 1);
        var error = await Assert.ThrowsAsync<ResponseTooLargeException>(() => provider.GetRequiredService<ImageSegmentationClient>().SegmentAsync(Image));
        Assert.Equal("MaxErrorResponseBytes", error.Limit);
    }
}
