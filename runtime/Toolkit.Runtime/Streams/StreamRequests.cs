using System;
using System.Buffers;
using System.ComponentModel;
using System.Text.Json;

namespace Toolkit.Runtime.Streams;

/// <summary>
/// The streamed form of an operation is its whole form with a request field set to true (<c>"stream": true</c>):
/// the client sets it on the wire, never on the caller's request object.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class StreamRequests
{
    /// <summary>The JSON object <paramref name="json"/> with <paramref name="field"/> set to true (replaced if present).</summary>
    public static byte[] WithTrue(ReadOnlySpan<byte> json, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new ArgumentException("The request body is not a JSON object.", nameof(json));
        var output = new ArrayBufferWriter<byte>(json.Length + field.Length + 16);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
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
        return output.WrittenSpan.ToArray();
    }
}
