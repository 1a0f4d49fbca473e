using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Transport;

namespace Toolkit.Http.Transport;

/// <summary>
/// Reads each attempt's response body inside the attempt, within the client's size limits. Placed inside the
/// resilience pipeline, the attempt timeout then covers the body as well as the headers (a server that drips its
/// body times out and is retried like any slow attempt), a too-large body stops at the limit, and a body cut short is
/// an <see cref="Toolkit.Runtime.Errors.ApiConnectionException"/> (an <see cref="HttpRequestException"/>: retried as
/// transient). A successful stream of events is passed on unread: the client reads it event by event, within its
/// own stream limits (buffering it would hold every event back until the end, and cut a healthy stream at the
/// attempt timeout).
/// </summary>
internal sealed class BoundedBodyHandler : DelegatingHandler
{
    private readonly Func<TransportLimits> _limits;

    public BoundedBodyHandler(Func<TransportLimits> limits) => _limits = limits;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return response;
        }
        try
        {
            var (maxBytes, limit) = ResponseBodies.LimitFor(_limits(), response.StatusCode);
            var body = await ResponseBodies.ReadAsync(response, maxBytes, limit, secret: null, cancellationToken).ConfigureAwait(false);
            var buffered = new ReadOnlyMemoryContent(body);
            foreach (var (name, values) in response.Content.Headers) buffered.Headers.TryAddWithoutValidation(name, values);
            response.Content.Dispose();
            response.Content = buffered;
            return response;
        }
        catch
        {
            response.Dispose(); // closes the connection: a dripping or endless body is not drained
            throw;
        }
    }
}
