using System;
using System.IO;
using System.IO.Compression;

namespace Toolkit.Testing.Redaction;

/// <summary>
/// Undoes a body's Content-Encoding so that its secrets can be scrubbed: a gzip-encoded echo of the token is
/// still the token. gzip, deflate (zlib or raw) and br; decoding stops at a size limit (no decompression bombs).
/// </summary>
internal static class ContentEncodings
{
    /// <summary>The most bytes a decoded body may have.</summary>
    public const long MaxDecodedBytes = 256L * 1024 * 1024;

    /// <summary>True for no encoding at all.</summary>
    public static bool IsIdentity(string? encoding) => string.IsNullOrWhiteSpace(encoding) || encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase);

    /// <summary>The decoded bytes; throws <see cref="RedactionException"/> for an encoding it cannot undo or a body that is not so encoded.</summary>
    public static byte[] Decode(string encoding, ReadOnlyMemory<byte> body)
    {
        var bytes = body.ToArray();
        // Several codings apply in order; undo them in reverse.
        var codings = encoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = codings.Length - 1; i >= 0; i--)
        {
            bytes = codings[i].ToLowerInvariant() switch
            {
                "identity" => bytes,
                "gzip" or "x-gzip" => Inflate(bytes, s => new GZipStream(s, CompressionMode.Decompress), codings[i]),
                "br" => Inflate(bytes, s => new BrotliStream(s, CompressionMode.Decompress), codings[i]),
                "deflate" => TryInflate(bytes, s => new ZLibStream(s, CompressionMode.Decompress))
                             ?? Inflate(bytes, s => new DeflateStream(s, CompressionMode.Decompress), codings[i]),
                _ => throw new RedactionException($"The body is encoded as '{codings[i]}', which cannot be decoded to scrub secrets; it is not stored. Record without that encoding (e.g. send Accept-Encoding: identity)."),
            };
        }
        return bytes;
    }

    private static byte[]? TryInflate(byte[] bytes, Func<Stream, Stream> open)
    {
        try
        {
            return Inflate(bytes, open, "deflate");
        }
        catch (RedactionException)
        {
            return null;
        }
    }

    private static byte[] Inflate(byte[] bytes, Func<Stream, Stream> open, string coding)
    {
        try
        {
            using var input = open(new MemoryStream(bytes, writable: false));
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > MaxDecodedBytes)
                {
                    throw new RedactionException($"The {coding} body decodes to more than {MaxDecodedBytes} bytes; it is not stored.");
                }
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new RedactionException($"The body says it is {coding}-encoded but does not decode ({e.Message}); it is not stored, as its secrets could not be scrubbed.");
        }
    }
}
