using System;
using System.Text.RegularExpressions;

namespace Toolkit.Http.Logging;

/// <summary>Removes the client's token, and anything shaped like a Hugging Face token, from text bound for a log.</summary>
internal static partial class SecretScrubber
{
    [GeneratedRegex("(?<![A-Za-z0-9])hf_[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShape();

    public static string Scrub(string text, string? secret)
    {
        if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "<redacted>", StringComparison.Ordinal);
        return TokenShape().Replace(text, "<redacted>");
    }
}
