using System;
using System.ComponentModel;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using Toolkit.Runtime.Json;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// A <c>multipart/form-data</c> request body (file uploads: OpenAI's transcriptions, files, image edits), filled by
/// generated code one field at a time: text fields as text parts, binary fields as file parts, structured values as
/// JSON text. Fields left unset are not sent.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class FormBody
{
    private readonly MultipartFormDataContent _content = new();

    /// <summary>The content to send.</summary>
    public HttpContent Content => _content;

    /// <summary>A text part.</summary>
    public void AddText(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        // StringContent would add "; charset=utf-8" to every part; a form field is text/plain as the browser sends it.
        var part = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(value));
        _content.Add(part, Quoted(name));
    }

    /// <summary>A number, as JSON writes it (invariant culture, round-trippable).</summary>
    public void AddNumber(string name, double value) => AddText(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>An integer.</summary>
    public void AddInteger(string name, long value) => AddText(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An unsigned integer.</summary>
    public void AddInteger(string name, ulong value) => AddText(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A boolean, as <c>true</c> or <c>false</c>.</summary>
    public void AddBoolean(string name, bool value) => AddText(name, value ? "true" : "false");

    /// <summary>A date and time, in RFC 3339.</summary>
    public void AddDateTime(string name, DateTimeOffset value) => AddText(name, value.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Any JSON value: a string as its text, anything else as its JSON.</summary>
    public void AddJson(string name, JsonElement value)
        => AddText(name, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());

    /// <summary>A structured value (an object, a list of objects) as JSON text, written by the generated writer.</summary>
    public void AddJson(string name, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new PooledBufferWriter(256);
        using (var writer = JsonWriting.Create(buffer)) write(writer);
        var part = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        _content.Add(part, Quoted(name));
    }

    /// <summary>
    /// A file part. Services tell formats apart by the file name's extension (OpenAI's transcriptions refuse a file
    /// without one), so the part is named after the field with the extension and media type its first bytes show
    /// (<c>file.wav</c>, <c>audio/wav</c>), else <c>application/octet-stream</c> and no extension.
    /// </summary>
    public void AddFile(string name, ReadOnlyMemory<byte> value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (extension, mediaType) = Sniff(value.Span);
        var part = new ReadOnlyMemoryContent(value);
        part.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        _content.Add(part, Quoted(name), Quoted(SafeFileName(name) + extension));
    }

    /// <summary>The extension and media type of common uploads, from their signatures.</summary>
    internal static (string Extension, string MediaType) Sniff(ReadOnlySpan<byte> b)
    {
        static bool At(ReadOnlySpan<byte> data, int offset, ReadOnlySpan<byte> signature)
            => data.Length >= offset + signature.Length && data.Slice(offset, signature.Length).SequenceEqual(signature);

        if (At(b, 0, "RIFF"u8) && At(b, 8, "WAVE"u8)) return (".wav", "audio/wav");
        if (At(b, 0, "RIFF"u8) && At(b, 8, "WEBP"u8)) return (".webp", "image/webp");
        if (At(b, 0, "fLaC"u8)) return (".flac", "audio/flac");
        if (At(b, 0, "OggS"u8)) return (".ogg", "audio/ogg");
        if (At(b, 0, "ID3"u8) || (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0)) return (".mp3", "audio/mpeg");
        if (At(b, 0, [0x1A, 0x45, 0xDF, 0xA3])) return (".webm", "video/webm");
        if (At(b, 4, "ftypM4A"u8)) return (".m4a", "audio/mp4");
        if (At(b, 4, "ftyp"u8)) return (".mp4", "video/mp4");
        if (At(b, 0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return (".png", "image/png");
        if (At(b, 0, [0xFF, 0xD8, 0xFF])) return (".jpg", "image/jpeg");
        if (At(b, 0, "GIF8"u8)) return (".gif", "image/gif");
        if (At(b, 0, "%PDF-"u8)) return (".pdf", "application/pdf");
        return ("", "application/octet-stream");
    }

    /// <summary>A field name as a file name: letters, digits, '-', '_' and '.' (a form field may hold "[]").</summary>
    private static string SafeFileName(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '-' or '_' or '.')) chars[i] = '_';
        }
        var safe = new string(chars).Trim('.');
        return safe.Length == 0 ? "file" : safe;
    }

    /// <summary>
    /// Content-Disposition parameters are quoted strings. A quote, a backslash or a line break (which would end the
    /// header) in a name is refused rather than sent: no service documents such a field.
    /// </summary>
    private static string Quoted(string value)
    {
        if (value.AsSpan().IndexOfAny("\r\n\"\\") >= 0) throw new ArgumentException($"A form field name cannot hold a quote, a backslash or a line break: {value.ReplaceLineEndings(" ")}", nameof(value));
        return "\"" + value + "\"";
    }
}
