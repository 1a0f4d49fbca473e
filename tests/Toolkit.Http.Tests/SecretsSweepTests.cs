using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Toolkit.Testing.Recording;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Http.Tests;

/// <summary>
/// A token planted in every channel a server has (echoed headers, the reason phrase, JSON values, error messages, a
/// body that is not UTF-8, a gzip body, URL-encoded forms) never shows in any exception text or property, log line,
/// saved cassette or the recorder's in-memory cassette.
/// </summary>
public sealed class SecretsSweepTests
{
    private const string Secret = "SweepSecretToken123";
    private const string Token = "hf_" + Secret;

    private static readonly byte[] Image = { 1, 2, 3 };

    /// <summary>Each scenario (by model name in the path) leaks the token through one channel.</summary>
    private static async Task Leak(HostileRequest request, HostileResponse response)
    {
        var scenario = request.Target.Split('/').Last();
        var json = ("Content-Type", "application/json");
        switch (scenario)
        {
            case "echoed-header":
                await response.AnswerAsync(500, "Internal Server Error", Encoding.UTF8.GetBytes("{\"error\":\"boom\"}"), json,
                    ("x-request-id", request.Header("authorization") ?? ""), ("x-echo", "hf%5F" + Secret));
                break;
            case "reason-phrase":
                await response.AnswerAsync(401, "Invalid token " + Token, Array.Empty<byte>());
                break;
            case "error-message":
                await response.AnswerAsync(401, "Unauthorized", Encoding.UTF8.GetBytes("{\"error\":[\"bad token " + Token + "\",\"again hf%5F" + Secret + "\"]}"), json);
                break;
            case "success-value":
                await response.AnswerAsync(200, "OK", Encoding.UTF8.GetBytes("[\"" + request.Header("authorization") + "\"]"), json);
                break;
            case "string-score":
                await response.AnswerAsync(200, "OK", Encoding.UTF8.GetBytes("[{\"label\":\"a\",\"mask\":\"\",\"score\":\"" + Token + "\"}]"), json);
                break;
            case "map-key":
                await response.AnswerAsync(200, "OK", Encoding.UTF8.GetBytes("[{\"label\":\"a\",\"mask\":\"\",\"score\":1,\"" + Token + "\":{}}, 5]"), json);
                break;
            case "invalid-utf8":
                await response.AnswerAsync(500, "Internal Server Error", new byte[] { 0xff, 0xfe }.Concat(Encoding.ASCII.GetBytes(" token=" + Token + " ")).Concat(new byte[] { 0xc3 }).ToArray());
                break;
            case "gzip":
                using (var buffer = new MemoryStream())
                {
                    using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(Encoding.UTF8.GetBytes("{\"error\":\"echo " + request.Header("authorization") + "\"}"));
                    }
                    await response.AnswerAsync(500, "Internal Server Error", buffer.ToArray(), json, ("Content-Encoding", "gzip"));
                }
                break;
            default:
                await response.AnswerAsync(404, "Not Found", Array.Empty<byte>());
                break;
        }
    }

    [Fact]
    public async Task TheTokenNeverAppearsInAnyExceptionLogLineOrCassette()
    {
        await using var server = HostileServer.Start(Leak);
        var cassette = Path.Combine(Path.GetTempPath(), "toolkit-sweep-" + Guid.NewGuid().ToString("N") + ".json");
        RecordingHandler? recorder = null;
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddImageSegmentationClient(o => { o.Token = Token; o.BaseAddress = server.Address; }, r => { r.MaxRetryAttempts = 1; r.BaseDelay = TimeSpan.FromMilliseconds(1); })
            .ConfigurePrimaryHttpMessageHandler(() => recorder = new RecordingHandler(cassette, new RecordingOptions { Mode = RecordingMode.Record }, new SocketsHttpHandler()));
        var failures = new List<Exception>();
        try
        {
            using (var provider = services.BuildServiceProvider())
            {
                var client = provider.GetRequiredService<ImageSegmentationClient>();
                foreach (var scenario in new[] { "echoed-header", "reason-phrase", "error-message", "success-value", "string-score", "map-key", "invalid-utf8", "gzip" })
                {
                    client.Options.Model = scenario;
                    var error = await Record.ExceptionAsync(() => client.SegmentAsync(Image));
                    Assert.True(error is not null, scenario + " did not fail");
                    failures.Add(error);
                }
            }

            Assert.Equal(8, failures.Count);
            foreach (var failure in failures)
            {
                foreach (var text in Texts(failure)) AssertClean(text, failure.GetType().Name);
            }
            Assert.NotEmpty(logs.Lines);
            foreach (var line in logs.Lines) AssertClean(line.Message, "log " + line.Event);

            // The cassette on disk, as bytes (whatever its encoding), and the recorder's in-memory copy.
            var saved = File.ReadAllBytes(cassette);
            AssertClean(Encoding.Latin1.GetString(saved), "cassette file");
            Assert.NotNull(recorder);
            Assert.NotEmpty(recorder!.Cassette.Exchanges);
            foreach (var exchange in recorder.Cassette.Exchanges)
            {
                AssertClean(exchange.Request.Url, "in-memory url");
                foreach (var (name, value) in exchange.Request.Headers.Concat(exchange.Response.Headers)) AssertClean(name + ": " + value, "in-memory header");
                foreach (var body in new[] { exchange.Request.Body, exchange.Response.Body })
                {
                    if (body is not null) AssertClean(Encoding.Latin1.GetString(body.Bytes.Span), "in-memory body");
                }
            }
        }
        finally
        {
            File.Delete(cassette);
        }
    }

    /// <summary>Fails when the secret shows in any form: plain, Bearer, URL-encoded (its distinctive part is enough).</summary>
    private static void AssertClean(string text, string where)
        => Assert.False(text.Contains(Secret, StringComparison.OrdinalIgnoreCase), $"{where} shows the token: {text}");

    /// <summary>Every text an exception offers: its ToString (message, inner exceptions) and every public property, deeply.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Test code: reads the exceptions' own public properties, never trimmed in a test run.")]
    private static IEnumerable<string> Texts(Exception error)
    {
        yield return error.ToString();
        foreach (var e in Chain(error))
        {
            foreach (var property in e.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.Name is nameof(Exception.TargetSite)) continue;
                var value = property.GetValue(e);
                switch (value)
                {
                    case string s: yield return s; break;
                    case IEnumerable items and not string:
                        foreach (var item in items) yield return item?.ToString() ?? "";
                        break;
                    case not null: yield return value.ToString() ?? ""; break;
                }
            }
        }
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException) yield return e;
    }
}
