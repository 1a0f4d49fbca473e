using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;

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
        ArgumentNullException.ThrowIfNull(path);
        // A client sends the same few paths again and again: a URI made for this base address and path is that URI
        // (immutable, so shared), not a new parse and three new strings a call. Paths with a query are not kept: their
        // values change from call to call.
        var slot = (path.GetHashCode() ^ RuntimeHelpers.GetHashCode(baseAddress)) & (Made.Length - 1);
        if (Volatile.Read(ref Made[slot]) is { } made && ReferenceEquals(made.Base, baseAddress) && made.Path == path) return made.Uri;
        if (!baseAddress.IsAbsoluteUri) throw new ArgumentException("The base address must be an absolute URI.", nameof(baseAddress));
        var left = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        // The root path "/" is the base address itself: TGI's POST / behind the router is POST .../models/{id}, no
        // trailing slash (a base address without a path still gets its "/").
        var relative = path.Length > 0 && path[0] == '/' && (path.Length == 1 || path[1] == '?') ? path.Substring(1) : path;
        var uri = new Uri(left + relative, UriKind.Absolute);
        if (!path.Contains('?')) Volatile.Write(ref Made[slot], new MadeUri(baseAddress, path, uri));
        return uri;
    }

    /// <summary>URIs made lately, by a hash of base address and path: bounded, and any thread may replace any slot.</summary>
    private static readonly MadeUri?[] Made = new MadeUri?[16];

    private sealed record MadeUri(Uri Base, string Path, Uri Uri);

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
    /// The path of a URL a service answered with (a job's address: <c>https://queue.example/apps/x/requests/7</c> →
    /// <c>/apps/x/requests/7</c>), to be asked on the client's own base address: only the path is taken, so an answer
    /// can never send the client, or its token, to another host.
    /// </summary>
    /// <param name="url">The URL from the answer, or null when the answer had none.</param>
    /// <param name="jsonPath">Where in the answer it was, for the error.</param>
    /// <exception cref="Json.JsonPayloadException">It is missing, or not an absolute http or https URL.</exception>
    public static string PathOf(string? url, string jsonPath)
    {
        if (url is null) throw new Json.JsonPayloadException(jsonPath, "an absolute http or https URL (the job's address)", "nothing");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new Json.JsonPayloadException(jsonPath, "an absolute http or https URL (the job's address)", url.Length > 100 ? url.Substring(0, 100) + "..." : url);
        }
        return uri.AbsolutePath;
    }

    /// <summary>
    /// Escapes a path parameter value. With <paramref name="allowSlashes"/> each '/'-separated part is escaped
    /// on its own, so that ids such as <c>openmmlab/upernet-convnext-small</c> keep their slash.
    /// </summary>
    public static string Escape(string value, bool allowSlashes)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!allowSlashes) return Uri.EscapeDataString(value);
        // The common id (letters, digits, '-', '.', '_', '~' and '/') needs no escaping: it is its own escaped form.
        if (!value.AsSpan().ContainsAnyExcept(UnreservedOrSlash))
        {
            CheckSegments(value);
            return value;
        }
        var parts = value.Split('/');
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) sb.Append('/');
            sb.Append(Uri.EscapeDataString(parts[i]));
        }
        CheckSegments(value);
        return sb.ToString();
    }

    /// <summary>RFC 3986's unreserved characters (what <see cref="Uri.EscapeDataString(string)"/> leaves as they are) and '/'.</summary>
    private static readonly SearchValues<char> UnreservedOrSlash =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/");

    /// <summary>A '.' or '..' segment would move the path on the server: refused.</summary>
    private static void CheckSegments(string value)
    {
        var rest = value.AsSpan();
        while (true)
        {
            var end = rest.IndexOf('/');
            var segment = end < 0 ? rest : rest[..end];
            if (segment is "." or "..") throw new ArgumentException($"The value '{value}' may not contain '.' or '..' segments.", nameof(value));
            if (end < 0) return;
            rest = rest[(end + 1)..];
        }
    }
}
