using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Request content over a pooled buffer (made by <see cref="Json.PooledBufferWriter.ToContent"/>). The buffer goes back to the
/// pool only when the content is disposed and no send is still reading it: with HTTP/2 a request body can still be
/// going out after the response headers came back and the request was disposed.
/// </summary>
internal sealed class PooledContent : HttpContent
{
    private byte[]? _buffer;
    private int _length;
    private int _holders = 1; // the owner, plus one per send in progress
    private int _released;

    internal PooledContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body, for rewriting it before it is sent (<see cref="Streams.StreamRequests"/>): only while its owner holds it.</summary>
    internal ReadOnlySpan<byte> Written => (_buffer ?? throw new ObjectDisposedException(nameof(PooledContent))).AsSpan(0, _length);

    /// <summary>
    /// Sets the top-level member <paramref name="field"/> of the JSON object this body holds to <c>true</c>, in place: a
    /// member of that name is taken out and <c>"field":true</c> is written before the closing brace (the buffer grows
    /// from the pool only when it has no room). The streamed form of a request is thus written once, by the whole
    /// form's writer, with no second writer and no copy of its members. Only while its owner holds it (before a send).
    /// </summary>
    /// <exception cref="ArgumentException">The body is not a JSON object.</exception>
    internal void SetTopLevelTrue(string field) => SetTopLevel(field, "true"u8);

    /// <summary>
    /// Sets the top-level member <paramref name="field"/> to <paramref name="value"/> (JSON text, already encoded), in
    /// place, as <see cref="SetTopLevelTrue"/> does: a member of that name is taken out and the new one written last.
    /// </summary>
    /// <exception cref="ArgumentException">The body is not a JSON object.</exception>
    internal void SetTopLevel(string field, ReadOnlySpan<byte> value)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledContent));
        var json = buffer.AsSpan(0, _length);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new ArgumentException("The request body is not a JSON object.", nameof(field));
        int removeStart = -1, removeEnd = -1, previousEnd = -1, others = 0;
        var removeFirst = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            if (removeFirst && removeEnd < 0) removeEnd = nameStart; // the member after a first one taken out: up to its name
            var isField = reader.ValueTextEquals(field);
            reader.Read();
            reader.Skip();
            var valueEnd = (int)reader.BytesConsumed;
            if (isField && removeStart < 0)
            {
                // After another member: from that one's end (the comma included) to this one's end. First: from its
                // name to the next member's name (its comma included), or to the closing brace when it is alone.
                if (previousEnd >= 0)
                {
                    removeStart = previousEnd;
                    removeEnd = valueEnd;
                }
                else
                {
                    removeStart = nameStart;
                    removeFirst = true;
                }
                continue;
            }
            others++;
            previousEnd = valueEnd;
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new ArgumentException("The request body is not a JSON object.", nameof(field));
        var close = (int)reader.TokenStartIndex;
        if (removeFirst && removeEnd < 0) removeEnd = close;
        var name = EncodedName(field);
        var removed = removeStart >= 0 ? removeEnd - removeStart : 0;
        var insert = (others > 0 ? 1 : 0) + name.Length + 3 + value.Length; // ,"name":value
        var length = _length - removed + insert;
        if (length > buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(length);
            buffer.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = buffer = grown;
        }
        if (removed > 0)
        {
            buffer.AsSpan(removeEnd, _length - removeEnd).CopyTo(buffer.AsSpan(removeStart));
            close -= removed;
        }
        var tail = _length - removed - close; // the closing brace and what follows it
        buffer.AsSpan(close, tail).CopyTo(buffer.AsSpan(close + insert));
        var at = close;
        if (others > 0) buffer[at++] = (byte)',';
        buffer[at++] = (byte)'"';
        name.CopyTo(buffer.AsSpan(at));
        at += name.Length;
        "\":"u8.CopyTo(buffer.AsSpan(at));
        value.CopyTo(buffer.AsSpan(at + 2));
        _length = length;
        // A length asked for before (HttpContentHeaders keeps what it computed once) would be the old one.
        if (Headers.NonValidated.Contains("Content-Length")) Headers.ContentLength = length;
    }

    /// <summary>The last field name encoded: generated clients pass the same literal on every call.</summary>
    private static FieldName? s_lastField;

    private sealed record FieldName(string Field, byte[] Utf8);

    private static byte[] EncodedName(string field)
    {
        if (s_lastField is { } last && ReferenceEquals(last.Field, field)) return last.Utf8;
        var encoded = JsonEncodedText.Encode(field, Json.JsonWriting.Options.Encoder).EncodedUtf8Bytes.ToArray();
        s_lastField = new FieldName(field, encoded);
        return encoded;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Acquire();
        try
        {
            await stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Acquire();
        try
        {
            stream.Write(buffer, 0, _length);
        }
        finally
        {
            Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _released, 1) == 0) Release();
        base.Dispose(disposing);
    }

    private byte[] Acquire()
    {
        while (true)
        {
            var holders = Volatile.Read(ref _holders);
            if (holders == 0) throw new ObjectDisposedException(nameof(PooledContent));
            if (Interlocked.CompareExchange(ref _holders, holders + 1, holders) == holders) return _buffer!;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0 && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
