using System;

namespace Toolkit.Runtime.Streams;

/// <summary>
/// A server-sent event stream that could not be read to its end: an event that is not what the spec says, one larger
/// than <c>TransportLimits.MaxStreamEventBytes</c>, or a stream that ended early (mid-event, or before its end marker).
/// <see cref="EventIndex"/> says which event (0-based; for an early end, how many events were read).
/// </summary>
public class EventStreamException : Exception
{
    /// <summary>A stream error at an event.</summary>
    public EventStreamException(int eventIndex, string message, Exception? innerException = null)
        : base($"Event {eventIndex} of the stream: {message}", innerException)
    {
        EventIndex = eventIndex;
    }

    /// <summary>The 0-based index of the event (for an early end, the number of events read).</summary>
    public int EventIndex { get; }
}

/// <summary>
/// The service reported an error inside the stream (an <c>event: error</c>, or an event whose JSON has the error
/// field), after the answer had started: <see cref="ServerMessage"/> is what it said.
/// </summary>
public sealed class StreamErrorEventException : EventStreamException
{
    /// <summary>An error event.</summary>
    public StreamErrorEventException(int eventIndex, string serverMessage)
        : base(eventIndex, "the service sent an error: " + serverMessage)
    {
        ServerMessage = serverMessage;
    }

    /// <summary>The service's message.</summary>
    public string ServerMessage { get; }
}
