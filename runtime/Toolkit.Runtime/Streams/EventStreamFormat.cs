using System;
using System.ComponentModel;
using System.Text;

namespace Toolkit.Runtime.Streams;

/// <summary>
/// How an operation's server-sent events are framed, from the spec's <c>stream</c>: the data that ends the stream,
/// and how an error arrives inside it. Generated once per streaming operation.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class EventStreamFormat
{
    /// <summary>A format.</summary>
    /// <param name="sentinel">The data that ends the stream (e.g. <c>[DONE]</c>); null when the stream just ends.</param>
    /// <param name="errorField">A top-level JSON field that makes an event an error (e.g. <c>error</c>); null for none.</param>
    /// <param name="errorEvent">An <c>event:</c> name that makes an event an error (e.g. <c>error</c>); null for none.</param>
    public EventStreamFormat(string? sentinel, string? errorField, string? errorEvent)
    {
        Sentinel = sentinel is null ? null : Encoding.UTF8.GetBytes(sentinel);
        SentinelText = sentinel;
        ErrorField = errorField is null ? null : Encoding.UTF8.GetBytes(errorField);
        ErrorFieldQuoted = errorField is null ? null : Encoding.UTF8.GetBytes("\"" + errorField + "\"");
        ErrorEvent = errorEvent;
    }

    internal byte[]? Sentinel { get; }

    /// <summary>The end marker as text, for messages.</summary>
    public string? SentinelText { get; }

    internal byte[]? ErrorField { get; }

    internal byte[]? ErrorFieldQuoted { get; }

    internal string? ErrorEvent { get; }
}

/// <summary>Reads one event's data (UTF-8 JSON) into the event type: the generated reader.</summary>
public delegate T EventReader<out T>(ReadOnlySpan<byte> utf8Json);
