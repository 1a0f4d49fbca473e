using System;
using System.Buffers;
using System.ComponentModel;
using System.Net.Http;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Transport;

namespace Toolkit.Runtime.Streams;

/// <summary>
/// The streamed form of an operation is its whole form with a request field set to true (<c>"stream": true</c>):
/// the client sets it on the wire, never on the caller's request object.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StreamRequests
{
    /// <summary>
    /// Makes <paramref name="message"/>'s body the JSON request with <paramref name="field"/> set to true (replaced if
    /// present). A JSON body the whole form wrote gets the field in its own buffer, so the request is written once, by
    /// one writer; any other body (a binary field sent raw) gives way to the JSON form, written by
    /// <paramref name="writeJson"/>: a streamed request names its field, so it is JSON.
    /// </summary>
    public static void SetTrue<T>(HttpRequestMessage message, string field, string jsonMediaType, T request, Action<IBufferWriter<byte>, T> writeJson)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(jsonMediaType);
        ArgumentNullException.ThrowIfNull(writeJson);
        if (message.Content is PooledContent json && json.Headers.ContentType?.MediaType == jsonMediaType)
        {
            json.SetTopLevelTrue(field);
            return;
        }
        var whole = message.Content;
        PooledContent content;
        using (var written = new PooledBufferWriter(256))
        {
            writeJson(written, request);
            content = (PooledContent)written.ToContent(jsonMediaType);
        }
        try
        {
            content.SetTopLevelTrue(field);
        }
        catch
        {
            content.Dispose();
            throw;
        }
        message.Content = content;
        whole?.Dispose();
    }
}
