using System;

namespace Toolkit.Testing.Routing;

/// <summary>
/// The media type of a raw body from its first bytes (the signatures of common image, audio and video formats), for
/// recordings that kept a body but not its Content-Type: routing by shape compares it with what an operation takes.
/// </summary>
internal static class MediaSniffer
{
    /// <summary>The media type the bytes start as, or null when no signature is known.</summary>
    public static string? Sniff(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A })) return "image/png";
        if (body.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return "image/jpeg";
        if (body.StartsWith("GIF87a"u8) || body.StartsWith("GIF89a"u8)) return "image/gif";
        if (body.Length >= 12 && body.StartsWith("RIFF"u8) && body.Slice(8, 4).SequenceEqual("WEBP"u8)) return "image/webp";
        if (body.Length >= 12 && body.StartsWith("RIFF"u8) && body.Slice(8, 4).SequenceEqual("WAVE"u8)) return "audio/wav";
        if (body.StartsWith("BM"u8) && body.Length >= 26) return "image/bmp";
        if (body.StartsWith("II*\0"u8) || body.StartsWith("MM\0*"u8)) return "image/tiff";
        if (body.StartsWith("fLaC"u8)) return "audio/flac";
        if (body.StartsWith("OggS"u8)) return "audio/ogg";
        if (body.StartsWith("ID3"u8) || (body.Length >= 2 && body[0] == 0xFF && (body[1] & 0xE0) == 0xE0)) return "audio/mpeg";
        if (body.StartsWith(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 })) return "video/webm";
        if (body.Length >= 12 && body.Slice(4, 4).SequenceEqual("ftyp"u8)) return body.Slice(8, 3).SequenceEqual("M4A"u8) ? "audio/mp4" : "video/mp4";
        if (body.StartsWith("%PDF-"u8)) return "application/pdf";
        return null;
    }
}
