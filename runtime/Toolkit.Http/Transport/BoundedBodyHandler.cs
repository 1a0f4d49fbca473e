using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Transport;

namespace Toolkit.Http.Transport;

/// <summary>
/// Reads each attempt's response body inside the attempt, within the client's size limits. Placed inside the
/// resilience pipeline, the attempt timeout then covers the body as well as the headers (a server that drips its
/// body times out and is retried like any slow attempt), and a too-large body stops at the limit.
/// </summary>
internal sealed class BoundedBodyHandler : DelegatingHandler
{
    private readonly Func<TransportLimits> _limits;

    public BoundedBodyHandler(Func<TransportLimits> limits) => _limits = limits;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var (maxBytes, limit) = ResponseBodies.LimitFor(_limits(), response.StatusCode);
            var body = await ResponseBodies.ReadAsync(response.Content, maxBytes, limit, response.StatusCode, cancellationToken).ConfigureAwait(false);
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
