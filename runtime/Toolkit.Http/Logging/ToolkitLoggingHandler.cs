using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Toolkit.Http.Logging;

/// <summary>
/// Logs each attempt (sent, answered with status and time, or failed). URLs are logged without their query and
/// scrubbed of the token; headers and bodies never are.
/// </summary>
internal sealed class ToolkitLoggingHandler : DelegatingHandler
{
    private readonly ILogger _logger;
    private readonly string _client;
    private readonly Func<string?> _secret;

    public ToolkitLoggingHandler(ILogger logger, string client, Func<string?> secret)
    {
        _logger = logger;
        _client = client;
        _secret = secret;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var url = Toolkit.Runtime.Errors.Secrets.Scrub(request.RequestUri?.GetLeftPart(UriPartial.Path) ?? "", _secret());
        ToolkitLog.RequestSent(_logger, _client, method, url);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            ToolkitLog.ResponseReceived(_logger, _client, method, url, (int)response.StatusCode, elapsed);
            if (!response.IsSuccessStatusCode)
            {
                // The status only: an error body may echo what the request carried.
                ToolkitLog.RequestFailed(_logger, _client, method, url, Toolkit.Runtime.Errors.Secrets.Scrub(
                    "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + response.ReasonPhrase, _secret()));
            }
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            ToolkitLog.RequestFailed(_logger, _client, method, url, Toolkit.Runtime.Errors.Secrets.Scrub(e.GetType().Name + ": " + e.Message, _secret()));
            throw;
        }
    }
}
