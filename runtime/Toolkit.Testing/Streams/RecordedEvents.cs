using System;
using System.Collections.Generic;
using System.IO;
using System.Net.ServerSentEvents;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Testing.Streams;

/// <summary>
/// A recorded server-sent event stream split into its events, with the parser the client uses
/// (<see cref="SseParser"/>): what verification checks one by one and suggestions look into.
/// </summary>
public static class RecordedEvents
{
    /// <summary>
    /// Whether a recorded response is a server-sent event stream: by its Content-Type, or, when the recorder kept
    /// none, by a body that starts as a stream does (<c>data:</c>, <c>event:</c>, <c>id:</c>, <c>retry:</c> or a <c>:</c> comment).
    /// </summary>
    public static bool IsEventStream(RecordedResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var (name, value) in response.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) return Toolkit.Runtime.Transport.MediaTypes.Matches("text/event-stream", value);
        }
        var body = response.Body is { } recorded ? recorded.Bytes.Span : default;
        return body.StartsWith("data:"u8) || body.StartsWith("event:"u8) || body.StartsWith("id:"u8) || body.StartsWith("retry:"u8) || body.StartsWith(":"u8);
    }

    /// <summary>The events of a recorded stream body, in order: each event's type and data.</summary>
    public static IReadOnlyList<(string EventType, byte[] Data)> Split(ReadOnlyMemory<byte> body)
    {
        var events = new List<(string, byte[])>();
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        foreach (var item in SseParser.Create(stream, static (type, data) => (type, data.ToArray())).Enumerate()) events.Add(item.Data);
        return events;
    }
}
