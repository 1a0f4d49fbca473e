using System;
using System.Collections.Generic;

namespace Toolkit.Testing.Redaction;

/// <summary>
/// What is scrubbed from every cassette before it is written. <c>Authorization</c>, <c>Proxy-Authorization</c>,
/// <c>Cookie</c> and <c>Set-Cookie</c> headers and anything shaped like a Hugging Face token are always scrubbed;
/// add the API's own secret headers and JSON fields here.
/// </summary>
public sealed class RedactionOptions
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Placeholder = Toolkit.Runtime.Errors.Secrets.Placeholder;

    /// <summary>Headers scrubbed whatever the options say.</summary>
    public static IReadOnlyCollection<string> AlwaysRedactedHeaders { get; } = new[] { "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie" };

    /// <summary>More header names whose values are replaced (case-insensitive).</summary>
    public ISet<string> Headers { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>JSON property names whose values are replaced wherever they appear in a body (case-sensitive, as JSON is).</summary>
    public ISet<string> JsonFields { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Query parameters whose values are replaced in URLs (case-insensitive).</summary>
    public ISet<string> QueryParameters { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
