using System;
using System.Security.Cryptography;
using System.Text;

namespace Toolkit.Testing.Cassettes;

/// <summary>
/// A body's exact bytes. How it is written to a cassette (inline JSON, text or base64) is the file format's
/// choice; the bytes always round-trip.
/// </summary>
public sealed class RecordedBody : IEquatable<RecordedBody>
{
    /// <summary>Wraps the body's bytes.</summary>
    public RecordedBody(ReadOnlyMemory<byte> bytes) => Bytes = bytes;

    /// <summary>The body's bytes, exactly as sent or received.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>A UTF-8 text body.</summary>
    public static RecordedBody FromText(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Lower-case hex SHA-256 of the bytes: how binary bodies are matched and named.</summary>
    public string Sha256() => Convert.ToHexString(SHA256.HashData(Bytes.Span)).ToLowerInvariant();

    /// <summary>The bytes as UTF-8 text, or null when they are not valid UTF-8.</summary>
    public string? TryGetText()
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public bool Equals(RecordedBody? other) => other is not null && Bytes.Span.SequenceEqual(other.Bytes.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RecordedBody);

    /// <inheritdoc />
    public override int GetHashCode() => Bytes.Length;
}
