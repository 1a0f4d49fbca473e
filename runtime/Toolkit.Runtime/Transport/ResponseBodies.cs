using System;
using System.Buffers;
using System.IO;
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

    /// <summary>
    /// A declared length is a hint, not a promise: above this it is not allocated up front (a lying header must not make
    /// the client allocate up to the limit); the body then grows in pooled buffers as bytes come.
    /// </summary>
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
            // The common case: a declared length up to MaxFirstBuffer is read straight into an array of that size, which
            // becomes the body (masks stay slices of it). A one-byte probe confirms the end instead of growing the array.
            if (declared is > 0 and <= MaxFirstBuffer)
            {
                var exact = new byte[(int)declared.Value];
                var filled = await FillAsync(stream, exact, cancellationToken).ConfigureAwait(false);
                if (filled < exact.Length) return exact.AsMemory(0, filled);
                var probe = new byte[1];
                if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0) return exact;
                // More than declared: only a handler that does not hold the server to its header lets this through.
                var seen = new byte[exact.Length + 1];
                exact.CopyTo(seen, 0);
                seen[^1] = probe[0];
                return await ReadPooledAsync(stream, seen, maxBytes, limit, statusCode, declared, cancellationToken).ConfigureAwait(false);
            }
            return await ReadPooledAsync(stream, ReadOnlyMemory<byte>.Empty, maxBytes, limit, statusCode, declared, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> or reads to the end; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
        }
        return length;
    }

    /// <summary>
    /// A body of unknown (or untrusted) length: read into pooled buffers that double as bytes come, then copied once
    /// into an array of its exact size.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadPooledAsync(
        Stream stream, ReadOnlyMemory<byte> start, long maxBytes, string limit, HttpStatusCode statusCode, long? declared, CancellationToken cancellationToken)
    {
        if (start.Length > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
        var first = declared is > MaxFirstBuffer ? MaxFirstBuffer : FirstBuffer;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(first, start.Length + 1L), Math.Min(maxBytes + 1, Array.MaxLength)));
        try
        {
            start.CopyTo(buffer);
            var length = start.Length;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var next = (int)Math.Min(Math.Min((long)buffer.Length * 2, maxBytes + 1), Array.MaxLength);
                    if (next <= buffer.Length) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
                    var grown = ArrayPool<byte>.Shared.Rent(next);
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
