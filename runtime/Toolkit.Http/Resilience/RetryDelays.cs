using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;

namespace Toolkit.Http.Resilience;

/// <summary>How long the pipeline waits before a retry: what the server asks for (the runtime's one wait policy), capped.</summary>
internal static class RetryDelays
{
    public static async ValueTask<TimeSpan?> FromResponseAsync(HttpResponseMessage? response, ApiErrorFormat format, TimeSpan maxDelay, CancellationToken cancellationToken)
    {
        if (response is null) return null;
        // The body handler inside the pipeline has already buffered it, within the error body limit.
        var body = response.IsSuccessStatusCode ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return format.ServerDelay(response, body) is { } delay ? (delay > maxDelay ? maxDelay : delay) : null;
    }

    internal static string Format(TimeSpan delay) => delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
