using System;
using System.ComponentModel;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Reads a whole response body, bounded: the one body reader of the toolkit (transport, Toolkit.Http, recording).
/// A declared length over the limit is refused before anything is read; an undeclared one stops at the limit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ResponseBodies
{
    private const int FirstBuffer = 16 * 1024;

    /// <summary>A declared length is a hint, not a promise: the first buffer is at most this, then grows as bytes come.</summary>
    private const long MaxFirstBuffer = 1024 * 1024;

    /// <summary>Reads <paramref name="content"/> to its end under <paramref name="maxBytes"/>.</summary>
    /// <param name="content">The body.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="limit">The name of the limit, for the exception (e.g. <c>MaxResponseBytes</c>).</param>
    /// <param name="statusCode">The answer's status, for the exception.</param>
    /// <param name="cancellationToken">Cancels the read; a timeout's token makes the timeout cover the body.</param>
    /// <exception cref="ResponseTooLargeException">The body is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(
        HttpContent? content, long maxBytes, string limit, HttpStatusCode statusCode, CancellationToken cancellationToken)
    {
        if (content is null) return ReadOnlyMemory<byte>.Empty;
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Trust a declared length only as a first size: the body may still be shorter or longer.
            var buffer = new byte[(int)Math.Min(Math.Max(Math.Min(declared ?? FirstBuffer, MaxFirstBuffer), 1), Math.Min(maxBytes + 1, Array.MaxLength))];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
                    var next = (int)Math.Min(Math.Min((long)buffer.Length * 2, maxBytes + 1), Array.MaxLength);
                    if (next <= buffer.Length) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
                    Array.Resize(ref buffer, next);
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
            }
            return buffer.AsMemory(0, length);
        }
    }

    /// <summary>The size limit for an answer with <paramref name="statusCode"/>, and its name.</summary>
    public static (long MaxBytes, string Limit) LimitFor(TransportLimits limits, HttpStatusCode statusCode)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var success = (int)statusCode is >= 200 and < 300;
        return success
            ? (limits.MaxResponseBytes, nameof(TransportLimits.MaxResponseBytes))
            : (limits.MaxErrorResponseBytes, nameof(TransportLimits.MaxErrorResponseBytes));
    }
}
