using System;
using System.Buffers;
using System.ComponentModel;
using System.Net.Http;
using System.Text.Json;
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
    /// present). A JSON body the whole form wrote is rewritten from its buffer, so the request is serialized once; any
    /// other body (a binary field sent raw) gives way to the JSON form, written by <paramref name="writeJson"/>: a
    /// streamed request names its field, so it is JSON.
    /// </summary>
    public static void SetTrue<T>(HttpRequestMessage message, string field, string jsonMediaType, T request, Action<IBufferWriter<byte>, T> writeJson)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(jsonMediaType);
        ArgumentNullException.ThrowIfNull(writeJson);
        var whole = message.Content;
        if (whole is PooledContent json && json.Headers.ContentType?.MediaType == jsonMediaType)
        {
            message.Content = WithTrue(json.Written, field, jsonMediaType);
        }
        else
        {
            using var written = new PooledBufferWriter(256);
            writeJson(written, request);
            message.Content = WithTrue(written.WrittenSpan, field, jsonMediaType);
        }
        whole?.Dispose();
    }

    /// <summary>The JSON object <paramref name="json"/> with <paramref name="field"/> set to true, as pooled content.</summary>
    private static HttpContent WithTrue(ReadOnlySpan<byte> json, string field, string mediaType)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new ArgumentException("The request body is not a JSON object.", nameof(json));
        using var output = new PooledBufferWriter(json.Length + field.Length + 16);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JsonWriting.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                var valueEnd = (int)reader.BytesConsumed;
                if (name == field) continue;
                writer.WritePropertyName(name);
                writer.WriteRawValue(json[valueStart..valueEnd], skipInputValidation: true);
            }
            writer.WriteBoolean(field, true);
            writer.WriteEndObject();
        }
        return output.ToContent(mediaType);
    }
}
