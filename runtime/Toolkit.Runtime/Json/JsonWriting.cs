using System.Buffers;
using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Toolkit.Runtime.Json;

/// <summary>Writer settings for generated <see cref="Utf8JsonWriter"/> code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonWriting
{
    /// <summary>
    /// Relaxed escaping: bodies go to an API, not into HTML, and escaping '+' in base64 would bloat every image.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A writer over <paramref name="output"/> with <see cref="Options"/>.</summary>
    public static Utf8JsonWriter Create(IBufferWriter<byte> output) => new(output, Options);
}
