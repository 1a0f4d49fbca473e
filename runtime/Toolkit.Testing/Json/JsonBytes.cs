using System;
using System.Buffers;
using System.Text.Json;
using Toolkit.Runtime.Json;

namespace Toolkit.Testing.Json;

/// <summary>Parsing bodies that may or may not be JSON, and writing JSON back as compact bytes (the runtime's relaxed escaping).</summary>
internal static class JsonBytes
{
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 256 };

    /// <summary>The parsed document, or false when the bytes are empty or not JSON.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> bytes, out JsonDocument document)
    {
        document = null!;
        if (bytes.IsEmpty) return false;
        try
        {
            document = JsonDocument.Parse(bytes, ReadOptions);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a file of ours (a cassette, an exchange file) with <paramref name="read"/>: text that is not JSON, or whose
    /// strings are not text (invalid UTF-8, an unpaired surrogate escape), is a <see cref="Cassettes.CassetteFormatException"/>
    /// naming <paramref name="source"/>, never another exception.
    /// </summary>
    public static T ReadFile<T>(ReadOnlyMemory<byte> utf8Json, string source, Func<JsonElement, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, ReadOptions);
        }
        catch (JsonException e)
        {
            throw new Cassettes.CassetteFormatException(source, "$", $"valid JSON ({e.Message})");
        }
        using (document)
        {
            try
            {
                return read(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                throw new Cassettes.CassetteFormatException(source, "$", "strings of valid UTF-8 text (" + e.Message + ")");
            }
        }
    }

    /// <summary>What <paramref name="write"/> writes, as compact UTF-8 bytes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, JsonWriting.Options)) write(writer);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An element as compact bytes.</summary>
    public static byte[] Compact(JsonElement element) => Write(element.WriteTo);
}
