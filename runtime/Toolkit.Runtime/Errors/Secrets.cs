using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Toolkit.Runtime.Errors;

/// <summary>
/// Keeps tokens out of everything that leaves the client (exception messages and properties, logs, cassettes): the
/// caller's own token, and anything shaped like a Hugging Face token (<c>hf_</c> followed by letters and digits),
/// also URL-encoded (<c>hf%5F...</c>). The one scrubber of the toolkit: text and bytes.
/// </summary>
public static partial class Secrets
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Placeholder = "<redacted>";

    private static readonly byte[] PlaceholderUtf8 = Encoding.UTF8.GetBytes(Placeholder);

    [GeneratedRegex("(?<![A-Za-z0-9])hf(?:_|%5[Ff])[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShape();

    /// <summary>True when the text holds something shaped like a Hugging Face token.</summary>
    public static bool HasTokenShape(string text) => TokenShape().IsMatch(text);

    /// <summary>Replaces every Hugging Face-shaped token.</summary>
    public static string ScrubTokenShapes(string text) => TokenShape().Replace(text, Placeholder);

    /// <summary>Replaces <paramref name="secret"/> (when set, also URL-encoded) and every Hugging Face-shaped token.</summary>
    public static string Scrub(string text, string? secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
            var encoded = Uri.EscapeDataString(secret);
            if (encoded != secret) text = text.Replace(encoded, Placeholder, StringComparison.OrdinalIgnoreCase);
        }
        return ScrubTokenShapes(text);
    }

    /// <summary>
    /// Scrubs bytes that need not be text (a body that is not valid UTF-8, say): every run of ASCII shaped like a
    /// token and every occurrence of <paramref name="secrets"/> (as UTF-8, and URL-encoded) is replaced; every other
    /// byte stays as it was. Returns the input itself when there is nothing to scrub.
    /// </summary>
    public static byte[] ScrubBytes(byte[] bytes, IEnumerable<string>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var needles = new List<byte[]>();
        if (secrets is not null)
        {
            foreach (var secret in secrets)
            {
                if (string.IsNullOrEmpty(secret)) continue;
                needles.Add(Encoding.UTF8.GetBytes(secret));
                var encoded = Uri.EscapeDataString(secret);
                if (encoded != secret) needles.Add(Encoding.UTF8.GetBytes(encoded));
            }
        }
        List<(int Start, int Length)>? hits = null;
        for (var i = 0; i < bytes.Length; i++)
        {
            var length = TokenLength(bytes, i);
            foreach (var needle in needles)
            {
                if (needle.Length > length && bytes.AsSpan(i).StartsWith(needle)) length = needle.Length;
            }
            if (length == 0) continue;
            (hits ??= new()).Add((i, length));
            i += length - 1;
        }
        if (hits is null) return bytes;
        var output = new List<byte>(bytes.Length);
        var at = 0;
        foreach (var (start, length) in hits)
        {
            output.AddRange(new ArraySegment<byte>(bytes, at, start - at));
            output.AddRange(PlaceholderUtf8);
            at = start + length;
        }
        output.AddRange(new ArraySegment<byte>(bytes, at, bytes.Length - at));
        return output.ToArray();
    }

    /// <summary>The length of a token shape (as <see cref="TokenShape"/> matches it) starting at <paramref name="i"/>, or 0.</summary>
    private static int TokenLength(byte[] bytes, int i)
    {
        if (i > 0 && IsAsciiLetterOrDigit(bytes[i - 1])) return 0;
        if (i + 3 > bytes.Length || bytes[i] != (byte)'h' || bytes[i + 1] != (byte)'f') return 0;
        int prefix;
        if (bytes[i + 2] == (byte)'_') prefix = 3;
        else if (i + 5 <= bytes.Length && bytes[i + 2] == (byte)'%' && bytes[i + 3] == (byte)'5' && (bytes[i + 4] | 0x20) == (byte)'f') prefix = 5;
        else return 0;
        var end = i + prefix;
        while (end < bytes.Length && IsAsciiLetterOrDigit(bytes[end])) end++;
        return end > i + prefix ? end - i : 0;
    }

    private static bool IsAsciiLetterOrDigit(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9;
}
