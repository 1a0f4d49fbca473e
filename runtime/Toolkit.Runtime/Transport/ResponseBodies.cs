using System;
using System.Buffers;
using System.IO;
using System.ComponentModel;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Reads a whole response body, bounded: the one body reader of the toolkit (transport, Toolkit.Http, recording).
/// A declared length over the limit is refused before anything is read; an undeclared one stops at the limit. A body
/// that ends before its declared length, or whose connection breaks, is an <see cref="ApiConnectionException"/>.
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
    /// <exception cref="ApiConnectionException">The body ended before its declared length, or the connection broke.</exception>
    public static Task<ReadOnlyMemory<byte>> ReadAsync(
        HttpContent? content, long maxBytes, string limit, HttpStatusCode statusCode, CancellationToken cancellationToken)
        => ReadAsync(content, maxBytes, limit, new Source(null, statusCode, null), pooled: false, cancellationToken);

    /// <summary>
    /// Reads <paramref name="response"/>'s body to its end under <paramref name="maxBytes"/>; a body cut short is an
    /// <see cref="ApiConnectionException"/> naming the host the request went to.
    /// </summary>
    /// <param name="response">The answer, its headers read.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="limit">The name of the limit, for the exception (e.g. <c>MaxResponseBytes</c>).</param>
    /// <param name="secret">The caller's token, kept out of the exception's message.</param>
    /// <param name="cancellationToken">Cancels the read; a timeout's token makes the timeout cover the body.</param>
    /// <exception cref="ResponseTooLargeException">The body is larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="ApiConnectionException">The body ended before its declared length, or the connection broke.</exception>
    public static Task<ReadOnlyMemory<byte>> ReadAsync(
        HttpResponseMessage response, long maxBytes, string limit, string? secret, CancellationToken cancellationToken)
        => ReadAsync(response, maxBytes, limit, secret, pooled: false, cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync(HttpResponseMessage, long, string, string?, CancellationToken)"/>, into a buffer rented
    /// from the shared pool when <paramref name="pooled"/>: a body that is not empty is then the start of a rented array
    /// (<see cref="MemoryMarshal.TryGetArray{T}"/>), which the caller returns to the pool once nothing refers to it.
    /// </summary>
    internal static Task<ReadOnlyMemory<byte>> ReadAsync(
        HttpResponseMessage response, long maxBytes, string limit, string? secret, bool pooled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        // No body whatever the headers say (a HEAD's Content-Length describes the GET).
        if (response.RequestMessage?.Method == HttpMethod.Head || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified)
        {
            return Task.FromResult(ReadOnlyMemory<byte>.Empty);
        }
        return ReadAsync(response.Content, maxBytes, limit, new Source(response.RequestMessage?.RequestUri, response.StatusCode, secret), pooled, cancellationToken);
    }

    /// <summary>Where a body comes from, for the errors that name it.</summary>
    private readonly record struct Source(Uri? Target, HttpStatusCode Status, string? Secret);

    private static async Task<ReadOnlyMemory<byte>> ReadAsync(
        HttpContent? content, long maxBytes, string limit, Source source, bool pooled, CancellationToken cancellationToken)
    {
        if (content is null) return ReadOnlyMemory<byte>.Empty;
        var statusCode = source.Status;
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
        Stream stream;
        try
        {
            stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && e is not ApiConnectionException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw ApiConnectionException.BodyCut(source.Target, statusCode, 0, declared, e, source.Secret);
        }
        await using (stream.ConfigureAwait(false))
        {
            // The common case: a declared length up to MaxFirstBuffer is read straight into an array of that size, which
            // becomes the body (masks stay slices of it). A one-byte probe confirms the end instead of growing the array.
            if (declared is > 0 and <= MaxFirstBuffer && pooled)
            {
                // Pooled: the declared length and a byte to spare for the probe, in one rented buffer.
                var rented = ArrayPool<byte>.Shared.Rent((int)declared.Value + 1);
                var owned = true;
                try
                {
                    var length = (int)declared.Value;
                    var filled = await FillAsync(stream, rented.AsMemory(0, length), source, declared, cancellationToken).ConfigureAwait(false);
                    if (filled < length) throw ApiConnectionException.BodyCut(source.Target, statusCode, filled, declared, null, source.Secret);
                    if (await ReadSomeAsync(stream, rented.AsMemory(length, 1), length, source, declared, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        owned = false;
                        return rented.AsMemory(0, length);
                    }
                    owned = false; // the pooled read takes the buffer over
                    return await ReadPooledAsync(stream, rented, length + 1, maxBytes, limit, source, declared, pooled, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (owned) ArrayPool<byte>.Shared.Return(rented);
                }
            }
            if (declared is > 0 and <= MaxFirstBuffer)
            {
                var exact = new byte[(int)declared.Value];
                var filled = await FillAsync(stream, exact, source, declared, cancellationToken).ConfigureAwait(false);
                // Fewer bytes than declared: the connection ended early (a handler that does not hold the server to its
                // header lets this through as a quiet end).
                if (filled < exact.Length) throw ApiConnectionException.BodyCut(source.Target, statusCode, filled, declared, null, source.Secret);
                var probe = new byte[1];
                if (await ReadSomeAsync(stream, probe, exact.Length, source, declared, cancellationToken).ConfigureAwait(false) == 0) return exact;
                // More than declared: only a handler that does not hold the server to its header lets this through.
                var seen = ArrayPool<byte>.Shared.Rent(exact.Length + 1);
                exact.CopyTo(seen, 0);
                seen[exact.Length] = probe[0];
                return await ReadPooledAsync(stream, seen, exact.Length + 1, maxBytes, limit, source, declared, pooled, cancellationToken).ConfigureAwait(false);
            }
            return await ReadPooledAsync(stream, null, 0, maxBytes, limit, source, declared, pooled, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One read; a broken connection is an <see cref="ApiConnectionException"/> saying how much had come, unless the
    /// read was cancelled (a timeout or the caller), which stays a cancellation.
    /// </summary>
    private static async ValueTask<int> ReadSomeAsync(Stream stream, Memory<byte> buffer, long received, Source source, long? declared, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && e is not ApiConnectionException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw ApiConnectionException.BodyCut(source.Target, source.Status, received, declared, e, source.Secret);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> or reads to the end; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream stream, Memory<byte> buffer, Source source, long? declared, CancellationToken cancellationToken)
    {
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await ReadSomeAsync(stream, buffer[length..], length, source, declared, cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
        }
        return length;
    }

    /// <summary>
    /// A body of unknown (or untrusted) length: read into pooled buffers that double as bytes come, then copied once
    /// into an array of its exact size (pooled: handed over as it is, the caller returns it). <paramref name="start"/>,
    /// when given, is a rented buffer whose first <paramref name="length"/> bytes were read already; this takes it over.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadPooledAsync(
        Stream stream, byte[]? start, int length, long maxBytes, string limit, Source source, long? declared, bool pooled, CancellationToken cancellationToken)
    {
        var statusCode = source.Status;
        var buffer = start;
        try
        {
            if (length > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
            if (buffer is null || buffer.Length == length)
            {
                var first = declared is > MaxFirstBuffer ? MaxFirstBuffer : FirstBuffer;
                var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(first, length + 1L), Math.Min(maxBytes + 1, Array.MaxLength)));
                buffer?.AsSpan(0, length).CopyTo(grown);
                if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
                buffer = grown;
            }
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
                var read = await ReadSomeAsync(stream, buffer.AsMemory(length), length, source, declared, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) throw new ResponseTooLargeException(limit, maxBytes, statusCode, declared);
            }
            // A declared length above MaxFirstBuffer is read here: fewer bytes than it said is a cut body too.
            if (declared is { } d && length < d) throw ApiConnectionException.BodyCut(source.Target, statusCode, length, declared, null, source.Secret);
            if (!pooled) return buffer.AsSpan(0, length).ToArray();
            if (length == 0) return ReadOnlyMemory<byte>.Empty;
            var body = buffer.AsMemory(0, length);
            buffer = null; // the caller's now
            return body;
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
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
