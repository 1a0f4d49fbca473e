using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Errors;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// What the network does to a call, as typed errors: a service that cannot be reached and a body cut short are
/// <see cref="ApiConnectionException"/>s naming the host (never the token), and the caller's own
/// <see cref="HttpClient.Timeout"/> bounds the whole call, body included, when it is the shorter limit.
/// </summary>
public sealed class ConnectionTests
{
    private const string Token = "hf_ConnectionTestSecret77";
    private static readonly byte[] Image = Encoding.ASCII.GetBytes("image bytes");

    /// <summary>Far below the drips below (a minute), with room for a loaded 2-core machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    private static ImageSegmentationClient Client(HttpClient http, Uri address)
    {
        var options = new ImageSegmentationClientOptions { BaseAddress = address, Model = "org/model", Token = Token };
        options.LoadingRetry.Enabled = false;
        return new ImageSegmentationClient(http, options);
    }

    [Fact]
    public async Task AServiceThatCannotBeReachedIsATypedErrorNamingTheHost()
    {
        // A port that was just free: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<ApiConnectionException>(() => Client(http, new Uri($"http://127.0.0.1:{port}/")).SegmentAsync(Image));
        Assert.Equal($"127.0.0.1:{port}", error.Host);
        Assert.StartsWith($"Could not reach 127.0.0.1:{port}: ", error.Message);
        Assert.Null(error.BytesReceived);
        Assert.IsType<HttpRequestException>(error.InnerException); // the framework's own, kept
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.DoesNotContain(Token, error.ToString());
        // Still an HttpRequestException, so code that catches those keeps working.
        Assert.IsAssignableFrom<HttpRequestException>(error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyCutShortIsATypedErrorSayingHowMuchCame(bool declared)
    {
        var start = Encoding.UTF8.GetBytes("[{\"label\":\"x\",\"mask\":\"");
        await using var server = HostileServer.Start(async (_, r) =>
        {
            r.Closed = true; // the connection ends after this
            if (declared)
            {
                await r.HeadAsync(200, "OK", ("Content-Type", "application/json"), ("Content-Length", "1000"));
                await r.WriteAsync(start);
            }
            else
            {
                await r.HeadAsync(200, "OK", ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"));
                await r.WriteAsync(Encoding.ASCII.GetBytes(start.Length.ToString("x") + "\r\n"));
                await r.WriteAsync(start);
                await r.WriteAsync("\r\n"u8.ToArray());
            }
        });
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<ApiConnectionException>(() => Client(http, server.Address).SegmentAsync(Image));
        Assert.Equal($"127.0.0.1:{server.Port}", error.Host);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal(start.Length, error.BytesReceived);
        Assert.Equal(declared ? 1000 : null, error.DeclaredLength);
        Assert.Contains(declared ? $"ended after {start.Length} of the 1000 bytes its 200 answer declared" : $"ended after {start.Length} bytes of its 200 answer's body", error.Message);
        Assert.IsAssignableFrom<System.IO.IOException>(error.InnerException);
        Assert.DoesNotContain(Token, error.ToString());
    }

    [Fact]
    public async Task AnErrorBodyCutShortKeepsItsStatus()
    {
        await using var server = HostileServer.Start(async (_, r) =>
        {
            r.Closed = true;
            await r.HeadAsync(500, "Internal Server Error", ("Content-Type", "application/json"), ("Content-Length", "500"));
            await r.WriteAsync("{\"error\":"u8.ToArray());
        });
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<ApiConnectionException>(() => Client(http, server.Address).SegmentAsync(Image));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(9, error.BytesReceived);
    }

    /// <summary>
    /// HttpClient's own timeout stops at the headers when a body is read as it arrives; the caller set it shorter than
    /// the toolkit's limits, so it bounds the whole call, the dripping body included.
    /// </summary>
    [Fact]
    public async Task TheCallersHttpClientTimeoutBoundsTheWholeCallBodyIncluded()
    {
        await using var server = HostileServer.Start(async (_, r) =>
        {
            await r.HeadAsync(200, "OK", ("Content-Type", "application/json"), ("Content-Length", "1000"));
            await r.DripAsync(1000, TimeSpan.FromMilliseconds(100)); // 100 s without a limit
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ApiTimeoutException>(() => Client(http, server.Address).SegmentAsync(Image));
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"took {watch.Elapsed}");
        Assert.Equal("HttpClient.Timeout", error.Limit);
        Assert.Equal(TimeSpan.FromSeconds(2), error.Timeout);
        Assert.Contains("HttpClient's Timeout (2 s)", error.Message);
    }
}
