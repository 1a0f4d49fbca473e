using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Acme.Speech;
using Microsoft.Extensions.DependencyInjection;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Http.Tests;

/// <summary>
/// A registered client's stream of events goes through the pipeline unbuffered: events arrive as they are sent, and a
/// healthy stream outlives the pipeline's attempt and total timeouts (which covered the wait for the headers).
/// </summary>
public sealed class StreamTests
{
    [Fact]
    public async Task AStreamIsReadAsItArrivesAndOutlivesThePipelineTimeouts()
    {
        const int count = 12;
        var sent = 0;
        await using var server = HostileServer.Start(async (_, r) =>
        {
            r.Closed = true;
            await r.HeadAsync(200, "OK", ("Content-Type", "text/event-stream"), ("Connection", "close"));
            for (var i = 0; i < count; i++)
            {
                await r.WriteAsync(Encoding.UTF8.GetBytes($"data: {{\"text\":\"p{i}\"}}\n\n"));
                Interlocked.Increment(ref sent);
                await Task.Delay(250); // 3 s in all
            }
            await r.WriteAsync("data: [DONE]\n\n"u8.ToArray());
        });
        var services = new ServiceCollection();
        services.AddSpeechApiClient(o => o.BaseAddress = server.Address, r =>
        {
            r.AttemptTimeout = TimeSpan.FromSeconds(1);
            r.TotalTimeout = TimeSpan.FromSeconds(1.5);
            r.MaxRetryAttempts = 1;
            r.BaseDelay = TimeSpan.FromMilliseconds(1);
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SpeechApiClient>();

        var pieces = new List<string>();
        var sentAtFirst = -1;
        var watch = Stopwatch.StartNew();
        await foreach (var piece in client.TranscribeStreamAsync("m", new TranscribeRequest { Inputs = new byte[] { 1, 2 } }))
        {
            if (pieces.Count == 0) sentAtFirst = Volatile.Read(ref sent);
            pieces.Add(piece.Text);
        }
        Assert.Equal(count, pieces.Count);
        Assert.Equal("p11", pieces[^1]);
        Assert.True(sentAtFirst < count, "the first event came only after the whole stream: it was buffered");
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}"); // past both pipeline timeouts
        Assert.Equal(1, server.Connections); // and never retried
    }
}
