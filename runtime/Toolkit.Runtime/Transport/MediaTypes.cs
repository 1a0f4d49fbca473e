using System;

namespace Toolkit.Runtime.Transport;

/// <summary>Media type matching as HTTP means it: case-insensitive, parameters ignored, ranges such as <c>image/*</c>.</summary>
public static class MediaTypes
{
    /// <summary>True when <paramref name="actual"/> (a Content-Type value) falls within <paramref name="expected"/>.</summary>
    public static bool Matches(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var e = Strip(expected);
        var a = Strip(actual);
        if (e is "*/*" or "*") return true;
        if (e.EndsWith("/*", StringComparison.Ordinal))
        {
            return a.StartsWith(e.AsSpan(0, e.Length - 1), StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(e, a, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether a response's Content-Type (null when it has none) is acceptable where <paramref name="expected"/> is
    /// documented: the client's rule, which contract tests share. No header contradicts nothing.
    /// </summary>
    public static bool Accepts(string expected, string? actual) => actual is null || Matches(expected, actual);

    private static string Strip(string contentType)
    {
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType.Substring(0, semicolon)).Trim();
    }
}
