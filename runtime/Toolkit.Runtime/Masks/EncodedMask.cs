using System;
using System.Buffers.Text;
using System.Text;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// A mask as the API sends it: a base64-encoded PNG, kept as UTF-8 bytes (usually a slice of the response
/// buffer, so reading a response copies no mask). Nothing is decoded until asked.
/// </summary>
public sealed class EncodedMask : IEquatable<EncodedMask>
{
    /// <summary>Wraps base64 text as UTF-8 bytes.</summary>
    public EncodedMask(ReadOnlyMemory<byte> base64Utf8) => Base64Utf8 = base64Utf8;

    /// <summary>The base64 text as UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Base64Utf8 { get; }

    /// <summary>Wraps a base64 string.</summary>
    public static EncodedMask FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return new EncodedMask(Encoding.UTF8.GetBytes(base64));
    }

    /// <summary>Encodes PNG bytes as a mask value.</summary>
    public static EncodedMask FromPng(ReadOnlySpan<byte> png)
    {
        var buffer = new byte[Base64.GetMaxEncodedToUtf8Length(png.Length)];
        Base64.EncodeToUtf8(png, buffer, out _, out var written);
        return new EncodedMask(buffer.AsMemory(0, written));
    }

    /// <summary>The PNG bytes. Throws <see cref="MaskFormatException"/> when the text is not valid base64.</summary>
    public byte[] GetPngBytes()
    {
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(Base64Utf8.Length)];
        return buffer.AsSpan(0, DecodeBase64(buffer)).ToArray();
    }

    /// <summary>
    /// Decodes the mask: base64 → PNG → mask (see <see cref="PngMaskDecoder"/> for the foreground rule).
    /// The base64 buffer is pooled, so decoding many masks allocates little beyond the masks themselves.
    /// Throws <see cref="MaskFormatException"/> for anything that is not a valid PNG.
    /// </summary>
    public Mask Decode(MaskDecodeOptions? options = null)
    {
        var buffer = MaskBuffers.Rent(Base64.GetMaxDecodedFromUtf8Length(Base64Utf8.Length));
        try
        {
            return PngMaskDecoder.Decode(buffer, DecodeBase64(buffer), options ?? MaskDecodeOptions.Default);
        }
        finally
        {
            MaskBuffers.Return(buffer);
        }
    }

    private int DecodeBase64(Span<byte> destination)
    {
        var source = Base64Utf8.Span;
        if (Base64.DecodeFromUtf8(source, destination, out var consumed, out var written) != System.Buffers.OperationStatus.Done)
        {
            throw new MaskFormatException($"The mask is not valid base64 (at character {consumed} of {source.Length}).");
        }
        return written;
    }

    /// <summary>The base64 text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Base64Utf8.Span);

    /// <inheritdoc />
    public bool Equals(EncodedMask? other) => other is not null && Base64Utf8.Span.SequenceEqual(other.Base64Utf8.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EncodedMask);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Base64Utf8.Span);
        return hash.ToHashCode();
    }
}
