using System;
using System.Text.RegularExpressions;

namespace Toolkit.Runtime.Errors;

/// <summary>
/// Keeps tokens out of text that leaves the client (exception messages, logs, cassettes): the caller's own token,
/// and anything shaped like a Hugging Face token (<c>hf_</c> followed by letters and digits).
/// </summary>
public static partial class Secrets
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Placeholder = "<redacted>";

    [GeneratedRegex("(?<![A-Za-z0-9])hf_[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenShape();

    /// <summary>True when the text holds something shaped like a Hugging Face token.</summary>
    public static bool HasTokenShape(string text) => TokenShape().IsMatch(text);

    /// <summary>Replaces every Hugging Face-shaped token.</summary>
    public static string ScrubTokenShapes(string text) => TokenShape().Replace(text, Placeholder);

    /// <summary>Replaces <paramref name="secret"/> (when set) and every Hugging Face-shaped token.</summary>
    public static string Scrub(string text, string? secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
        return ScrubTokenShapes(text);
    }
}
