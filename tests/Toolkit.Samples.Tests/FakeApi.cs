using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SegmentationStandIn;

namespace Toolkit.Samples.Tests;

/// <summary>Answers like the real API does when it refuses: 401 under /unauthorized, 503 loading under /loading. 127.0.0.1 only.</summary>
internal sealed class FakeApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<FakeApi> StartAsync()
    {
        var (app, address) = await LoopbackHost.StartAsync(a =>
        {
            a.MapPost("/unauthorized/models/{**model}", () =>
                Results.Text("{\"error\":\"Invalid credentials in Authorization header\"}", "application/json", statusCode: 401));
            a.MapPost("/loading/models/{**model}", () =>
                Results.Text("{\"error\":\"Model x is currently loading\",\"estimated_time\":0.01}", "application/json", statusCode: 503));
        });
        return new FakeApi(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
