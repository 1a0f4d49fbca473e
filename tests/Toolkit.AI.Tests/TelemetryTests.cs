using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.Inference;
using HuggingFace.InferenceProviders;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SegmentationStandIn;
using Toolkit.Runtime.Telemetry;
using Xunit;

namespace Toolkit.AI.Tests;

/// <summary>
/// The generated clients' activities and metrics, collected with OpenTelemetry's in-memory exporter: one client span
/// per call with OpenTelemetry's HTTP client attributes, under Microsoft.Extensions.AI's UseOpenTelemetry() spans,
/// durations and retries as metrics, and never the token or a body.
/// </summary>
/// <remarks>The exporters listen process-wide while other tests run: spans are told apart by this test's own root span, metrics by the stand-in's port.</remarks>
public sealed class TelemetryTests
{
    private const string Token = "hf_secret_token_123";

    private static readonly ActivitySource Root = new("telemetry-test");

    [Fact]
    public async Task AToolRoundTripUnderUseOpenTelemetryGivesOneClientSpanPerCallWithHttpAttributesAndNoSecrets()
    {
        var activities = new List<Activity>();
        var metrics = new List<MetricSnapshot>(); // copies: the exporter reuses its Metric objects
        ActivityTraceId trace;
        int port;
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ApiTelemetry.Name).AddSource("tool-chat").AddSource(Root.Name).AddInMemoryExporter(activities).Build())
        using (var metering = Sdk.CreateMeterProviderBuilder().AddMeter(ApiTelemetry.Name).AddInMemoryExporter(metrics).Build())
        {
            using var root = Root.StartActivity("test")!;
            trace = root.TraceId;
            await using var server = await StandInServer.StartAsync();
            port = server.BaseAddress.Port;
            using var http = new HttpClient();
            var client = new InferenceProvidersClient(http, new InferenceProvidersClientOptions { BaseAddress = server.BaseAddress, Token = Token });
            var weather = AIFunctionFactory.Create((string city) => $"22 degrees and sunny in {city}", "get_weather", "The weather in a city.");
            using var chat = new ChatClientBuilder(client.AsIChatClient("org/model"))
                .UseFunctionInvocation()
                .UseOpenTelemetry(sourceName: "tool-chat")
                .Build();
            var response = await chat.GetResponseAsync("Paris", new ChatOptions { Tools = new AITool[] { weather } });
            Assert.Contains("22 degrees and sunny in Paris", response.Text);

            // A failed call: Together's route on the stand-in does not know the model (404).
            await Assert.ThrowsAsync<Toolkit.Runtime.Errors.ApiException>(() => client.TogetherFeatureExtractionAsync(new TogetherFeatureExtractionRequest { Model = "unknown", Input = new[] { "x" } }));
            tracing.ForceFlush();
            metering.ForceFlush();
        }

        activities = activities.Where(a => a.TraceId == trace).ToList();
        var calls = activities.Where(a => a.Source.Name == ApiTelemetry.Name).ToList();
        Assert.Equal(3, calls.Count); // the tool call's two chat requests, then the failed one
        var chats = calls.Take(2).ToList();
        foreach (var a in chats)
        {
            Assert.Equal("POST /v1/chat/completions", a.DisplayName);
            Assert.Equal(ActivityKind.Client, a.Kind);
            Assert.Equal("POST", a.GetTagItem("http.request.method"));
            Assert.Equal("/v1/chat/completions", a.GetTagItem("url.template"));
            Assert.Equal("127.0.0.1", a.GetTagItem("server.address"));
            Assert.Equal(port, a.GetTagItem("server.port"));
            Assert.Equal(200, a.GetTagItem("http.response.status_code"));
            Assert.Equal("chat-completion", a.GetTagItem("toolkit.operation"));
            Assert.Equal("inference-providers", a.GetTagItem("toolkit.api"));
            Assert.Null(a.GetTagItem("error.type"));
            Assert.Equal(ActivityStatusCode.Unset, a.Status);
            // Under Microsoft.Extensions.AI's chat span for the same request.
            var parent = activities.Single(p => p.SpanId == a.ParentSpanId);
            Assert.Equal("tool-chat", parent.Source.Name);
            Assert.StartsWith("chat org/model", parent.DisplayName);
        }
        var failed = calls[2];
        Assert.Equal("POST /together/v1/embeddings", failed.DisplayName);
        Assert.Equal(404, failed.GetTagItem("http.response.status_code"));
        Assert.Equal("404", failed.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);

        // Never the token, a prompt or an answer: in no tag of any span.
        var values = activities.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.DoesNotContain(values, v => v.Contains(Token, StringComparison.Ordinal) || v.Contains("Paris", StringComparison.Ordinal));

        var duration = metrics.First(m => m.Name == ApiTelemetry.DurationInstrument); // the ForceFlush export (disposing exports again)
        Assert.Equal("s", duration.Unit);
        var points = new List<MetricPoint>();
        foreach (var p in duration.MetricPoints)
        {
            if (Tags(p).Contains(("server.port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)))) points.Add(p);
        }
        Assert.Equal(2, points.Where(p => Tags(p).Contains(("http.response.status_code", "200")) && Tags(p).Contains(("toolkit.operation", "chat-completion"))).Sum(p => p.GetHistogramCount()));
        Assert.Equal(1, points.Where(p => Tags(p).Contains(("error.type", "404"))).Sum(p => p.GetHistogramCount()));
    }

    [RecordedFact]
    public async Task ALoadingRetryIsOneSpanWithItsResendCountAndARetryMetric()
    {
        var activities = new List<Activity>();
        var metrics = new List<MetricSnapshot>(); // copies: the exporter reuses its Metric objects
        ActivityTraceId trace;
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ApiTelemetry.Name).AddSource(Root.Name).AddInMemoryExporter(activities).Build())
        using (var metering = Sdk.CreateMeterProviderBuilder().AddMeter(ApiTelemetry.Name).AddInMemoryExporter(metrics).Build())
        {
            using var root = Root.StartActivity("test")!;
            trace = root.TraceId;
            // 503 "loading" once, then the recorded answer.
            using var http = new HttpClient(new LoadingOnce(new RecordedAnswer("feature_extraction_with_sentence_transformers.json", 1)));
            var hf = new HfInferenceClient(http, new HfInferenceClientOptions { Token = Token });
            using var generator = hf.AsIEmbeddingGenerator("facebook/bart-base", Toolkit.AI.TokenPooling.Mean);
            var embeddings = await generator.GenerateAsync(new[] { "Hi, who are you?" });
            Assert.Equal(768, embeddings.Single().Vector.Length);
            tracing.ForceFlush();
            metering.ForceFlush();
        }
        var call = Assert.Single(activities, a => a.Source.Name == ApiTelemetry.Name && a.TraceId == trace);
        Assert.Equal("POST /pipeline/feature-extraction/{model}", call.DisplayName);
        Assert.Equal(1, call.GetTagItem("http.request.resend_count"));
        Assert.Equal(200, call.GetTagItem("http.response.status_code"));
        Assert.Equal("https://router.huggingface.co/hf-inference/pipeline/feature-extraction/facebook/bart-base", call.GetTagItem("url.full"));
        var retries = metrics.First(m => m.Name == ApiTelemetry.RetriesInstrument);
        var total = retries.MetricPoints.Sum(p => p.GetSumLong());
        Assert.Equal(1, total); // no other test in this assembly meets a loading model
    }

    private static List<(string, string)> Tags(MetricPoint point)
    {
        var tags = new List<(string, string)>();
        foreach (var t in point.Tags) tags.Add((t.Key, t.Value?.ToString() ?? ""));
        return tags;
    }

    private sealed class LoadingOnce(HttpMessageHandler then) : DelegatingHandler(then)
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) > 1) return base.SendAsync(request, cancellationToken);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("{\"error\":\"Model facebook/bart-base is currently loading\",\"estimated_time\":0.01}", Encoding.UTF8, "application/json"),
            });
        }
    }
}
