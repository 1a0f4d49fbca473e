using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Http.Tests;

public sealed class RegistrationTests
{
    private const string Token = "hf_DependencyInjectionSecret99";

    private static (ServiceProvider Provider, CapturingLoggerProvider Logs) Build(ScriptedHandler handler, Action<IServiceCollection> register)
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        register(services);
        return (services.BuildServiceProvider(), logs);
    }

    private static readonly byte[] Image = { 0x89, 0x50, 0x4e, 0x47, 1, 2, 3 };

    [Fact]
    public async Task OneLineRegistrationResolvesAWorkingClient()
    {
        var handler = new ScriptedHandler(_ => Responses.Json(Responses.TwoSegments()));
        var (provider, _) = Build(handler, s => s
            .AddImageSegmentationClient(o => { o.Token = Token; o.Model = "org/model"; o.BaseAddress = new Uri("http://127.0.0.1:9/"); })
            .ConfigurePrimaryHttpMessageHandler(() => handler));
        using (provider)
        {
            var client = provider.GetRequiredService<ImageSegmentationClient>();
            var segments = await client.SegmentAsync(Image);
            Assert.Equal(3, segments.Count);
            var sent = Assert.Single(handler.Requests);
            Assert.Equal("http://127.0.0.1:9/models/org/model", sent.Uri.ToString());
            Assert.Equal("Bearer " + Token, sent.Header("Authorization"));
        }
    }

    [Fact]
    public void OptionsBindFromConfigurationWithoutReflection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Segmentation:BaseAddress"] = "https://router.huggingface.co/hf-inference",
            ["Segmentation:Token"] = Token,
            ["Segmentation:Model"] = "facebook/detr-resnet-50-panoptic",
            ["Segmentation:ValidateResponses"] = "true",
            ["Segmentation:LoadingRetry:MaxAttempts"] = "5",
        }).Build();
        var services = new ServiceCollection();
        services.AddImageSegmentationClient(configuration.GetSection("Segmentation"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ImageSegmentationClientOptions>>().Value;
        Assert.Equal(new Uri("https://router.huggingface.co/hf-inference"), options.BaseAddress);
        Assert.Equal(Token, options.Token);
        Assert.Equal("facebook/detr-resnet-50-panoptic", options.Model);
        Assert.True(options.ValidateResponses);
        Assert.Equal(5, options.LoadingRetry.MaxAttempts);
    }

    [Fact]
    public void ABadConfigurationValueNamesItsKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ValidateResponses"] = "sometimes" }).Build();
        var services = new ServiceCollection();
        services.AddImageSegmentationClient(configuration);
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<ImageSegmentationClientOptions>>().Value);
        Assert.Contains("'ValidateResponses'", e.Message);
        Assert.Contains("'sometimes'", e.Message);
    }

    [Fact]
    public async Task TheResiliencePipelineWaitsTheEstimatedTimeAndAsksTheServerToWait()
    {
        var handler = new ScriptedHandler(_ => Responses.Loading(0.05), _ => Responses.Json(Responses.TwoSegments()));
        var (provider, logs) = Build(handler, s => s
            .AddImageSegmentationClient(o => { o.Token = Token; o.Model = "m"; }, r => r.BaseDelay = TimeSpan.FromMilliseconds(1))
            .ConfigurePrimaryHttpMessageHandler(() => handler));
        using (provider)
        {
            var segments = await provider.GetRequiredService<ImageSegmentationClient>().SegmentAsync(Image);
            Assert.Equal(3, segments.Count);
        }
        Assert.Equal(2, handler.Requests.Count);
        Assert.Null(handler.Requests[0].Header("x-wait-for-model"));
        Assert.Equal("true", handler.Requests[1].Header("x-wait-for-model"));
        var retry = Assert.Single(logs.Lines, l => l.Event == "Retry");
        Assert.Contains("after 0.05 s", retry.Message);
        Assert.Contains("HTTP 503", retry.Message);
    }

    [Fact]
    public async Task RetriesStopAtTheirLimitAndTheClientSeesTheLoadingError()
    {
        var handler = new ScriptedHandler(Enumerable.Repeat<Func<SentRequest, HttpResponseMessage>>(_ => Responses.Loading(0.001), 10).ToArray());
        var (provider, _) = Build(handler, s => s
            .AddImageSegmentationClient(o => o.Model = "m", r => { r.MaxRetryAttempts = 2; r.BaseDelay = TimeSpan.FromMilliseconds(1); })
            .ConfigurePrimaryHttpMessageHandler(() => handler));
        using (provider)
        {
            var e = await Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<ImageSegmentationClient>().SegmentAsync(Image));
            Assert.True(e.IsLoading);
        }
        Assert.Equal(3, handler.Requests.Count); // the pipeline's attempts only: the client's own loading retry is off
    }

    [Fact]
    public async Task ATotalTimeoutEndsSlowCalls()
    {
        var (provider, _) = Build(new ScriptedHandler(), s => s
            .AddImageSegmentationClient(o => o.Model = "m", r => r.TotalTimeout = TimeSpan.FromMilliseconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SlowHandler()));
        using (provider)
        {
            await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => provider.GetRequiredService<ImageSegmentationClient>().SegmentAsync(Image));
        }
    }

    private sealed class SlowHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task NoLogLineCarriesTheToken()
    {
        var handler = new ScriptedHandler(
            _ => Responses.Json(Responses.TwoSegments()),
            _ => Responses.Json("{\"error\":\"Invalid token " + Token + "\"}", HttpStatusCode.Unauthorized));
        var (provider, logs) = Build(handler, s => s
            .AddImageSegmentationClient(o => { o.Token = Token; o.Model = "m"; o.BaseAddress = new Uri("http://127.0.0.1:9/?key=" + Token); })
            .ConfigurePrimaryHttpMessageHandler(() => handler));
        using (provider)
        {
            var client = provider.GetRequiredService<ImageSegmentationClient>();
            await client.SegmentAsync(Image);
            var e = await Assert.ThrowsAsync<ApiException>(() => client.SegmentAsync(Image));
            Assert.DoesNotContain(Token, e.Message);
        }
        Assert.Contains(logs.Lines, l => l.Event == "RequestSent");
        Assert.Contains(logs.Lines, l => l.Event == "ResponseReceived");
        Assert.Contains(logs.Lines, l => l.Event == "RequestFailed" && l.Message.Contains("HTTP 401"));
        Assert.All(logs.Lines, l => Assert.DoesNotContain(Token, l.Message));
        Assert.All(logs.Lines, l => Assert.DoesNotContain("hf_", l.Message));
    }
}
