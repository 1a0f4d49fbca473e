using System;
using System.ComponentModel;
using System.Text;

namespace Toolkit.Runtime.Transport;

/// <summary>Builds request URIs from a base address and a path template. Used by generated clients.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApiPaths
{
    /// <summary>
    /// Joins a base address that may have its own path (e.g. <c>https://router.huggingface.co/hf-inference</c>)
    /// with a path that starts with '/'.
    /// </summary>
    public static Uri Combine(Uri baseAddress, string path)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri) throw new ArgumentException("The base address must be an absolute URI.", nameof(baseAddress));
        var left = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        // The root path "/" is the base address itself: TGI's POST / behind the router is POST .../models/{id}, no
        // trailing slash (a base address without a path still gets its "/").
        if (path.Length > 0 && path[0] == '/' && (path.Length == 1 || path[1] == '?')) path = path.Substring(1);
        return new Uri(left + path, UriKind.Absolute);
    }

    /// <summary>
    /// The query string of the parameters that are set (<c>?a=1&amp;b=x%20y</c>), or empty when none is: names and
    /// values are escaped; nulls are left out.
    /// </summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        StringBuilder? sb = null;
        foreach (var (name, value) in parameters)
        {
            if (value is null) continue;
            sb = sb is null ? new StringBuilder("?") : sb.Append('&');
            sb.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb?.ToString() ?? "";
    }

    /// <summary>
    /// Escapes a path parameter value. With <paramref name="allowSlashes"/> each '/'-separated part is escaped
    /// on its own, so that ids such as <c>openmmlab/upernet-convnext-small</c> keep their slash.
    /// </summary>
    public static string Escape(string value, bool allowSlashes)
    {
        if (!allowSlashes) return Uri.EscapeDataString(value);
        var parts = value.Split('/');
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is "." or "..") throw new ArgumentException($"The value '{value}' may not contain '.' or '..' segments.", nameof(value));
            if (i > 0) sb.Append('/');
            sb.Append(Uri.EscapeDataString(parts[i]));
        }
        return sb.ToString();
    }
}
