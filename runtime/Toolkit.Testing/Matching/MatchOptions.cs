using System;
using System.Collections.Generic;

namespace Toolkit.Testing.Matching;

/// <summary>
/// How a live request is matched to a recorded one: method, URL (query order ignored), the headers not ignored
/// here, and the body (JSON compared after normalising key order and whitespace; anything else byte for byte).
/// </summary>
public sealed class MatchOptions
{
    /// <summary>
    /// Headers that never take part in matching: transport details, per-run values and secrets. Add per-test
    /// values (trace ids, dates) your client sends.
    /// </summary>
    public ISet<string> IgnoredHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "User-Agent", "Date", "Host", "Connection", "Keep-Alive",
        "Content-Length", "Transfer-Encoding", "Expect", "Accept", "Accept-Encoding", "Accept-Language",
        "X-Amzn-Trace-Id", "traceparent", "tracestate", "Request-Id", "X-Request-Id", "Correlation-Context", "baggage",
    };

    /// <summary>
    /// Whether headers take part at all (default true). Replaying another client's recording turns them off: its
    /// headers (user agent, encodings, tracing) say nothing about what the generated client should send.
    /// </summary>
    public bool CompareHeaders { get; set; } = true;

    /// <summary>
    /// Whether a JSON member set to null matches one left out (default false). Replay turns it on: a generated writer
    /// leaves unset values out, so <c>"inputs": null</c> and no <c>inputs</c> send the same request.
    /// </summary>
    public bool NullMeansAbsent { get; set; }

    /// <summary>
    /// Query parameters that never take part in matching (case-sensitive names): those the client adds to every
    /// request from its options, such as an API key, which a recording holds redacted and a replay does not send.
    /// </summary>
    public ISet<string> IgnoredQueryParameters { get; } = new HashSet<string>(StringComparer.Ordinal);
}
