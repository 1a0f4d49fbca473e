using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Transport;

namespace Toolkit.Runtime.Streams;

/// <summary>
/// Reads a streamed answer: server-sent events parsed by <see cref="SseParser"/> (comments and keep-alives skipped,
/// multi-line data joined, event names kept), each event's data read by the generated reader straight from the
/// parser's bytes. Used by generated <c>{Operation}StreamAsync</c> methods.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EventStreams
{
    /// <summary>
    /// The events of a response whose headers were read (<see cref="ApiTransport.SendAsync(Func{System.Net.Http.HttpRequestMessage}, LoadingRetryOptions?, string?, TransportLimits?, CancellationToken, Telemetry.ApiOperation?)"/>:
    /// errors and retries happen before the first event). Disposes the response when the enumeration ends, is
    /// cancelled or is left early, which closes the connection.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(ApiResponse response, EventStreamFormat format, EventReader<T> read,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(read);
        using (response)
        {
            // The call's clock covered the answer up to its headers. From here it times the stream: an idle limit
            // between events, and a whole-stream deadline only when the caller set one (one source, one timer).
            var clock = response.Clock;
            clock.StartStream();
            var limits = response.Limits;
            // The enumeration's own token, when it is another one than the call's (generated clients pass the same).
            using var enumeration = cancellationToken.CanBeCanceled && cancellationToken != clock.CallerToken
                ? cancellationToken.UnsafeRegister(static state => ((CallClock)state!).Cancel(), clock)
                : default;
            var state = new State<T>(format, read, limits.MaxStreamEventBytes, response.Secret);
            try
            {
                Stream body;
                try
                {
                    clock.Waiting();
                    body = await response.Message.Content.ReadAsStreamAsync(clock.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && clock.TimedOut(e, state.Count) is { } timeout)
                {
                    throw timeout;
                }
                var maxEventBytesAsSent = RawEventBytes(limits.MaxStreamEventBytes);
                await using var bounded = new BoundedStream(body, limits.MaxResponseBytes, maxEventBytesAsSent);
                var parser = SseParser.Create(bounded, state.Parse);
                await using var events = parser.EnumerateAsync(clock.Token).GetAsyncEnumerator(clock.Token);
                while (true)
                {
                    SseItem<Item<T>> item;
                    try
                    {
                        // Only the wait for the next event counts as idle, not the time the caller spends on the last one.
                        clock.Waiting();
                        if (!await events.MoveNextAsync().ConfigureAwait(false)) break;
                        item = events.Current;
                        clock.Arrived();
                    }
                    catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && clock.TimedOut(e, state.Count) is { } timeout)
                    {
                        throw timeout;
                    }
                    catch (ResponseTooLargeException e) when (e.DeclaredLength is null)
                    {
                        throw new ResponseTooLargeException(e.Limit, e.MaxBytes, e.StatusCode, null, string.Format(CultureInfo.InvariantCulture,
                            "The event stream ran past MaxResponseBytes ({0} bytes) after {1} event(s) had been read: the connection was closed there "
                            + "and the rest of the stream was not read (a longer stream needs a larger MaxResponseBytes).", e.MaxBytes, state.Count));
                    }
                    catch (Exception e) when (e is IOException or System.Net.Http.HttpRequestException)
                    {
                        throw new EventStreamException(state.Count, $"the connection ended after {state.Count} event(s): {Secrets.Scrub(e.Message, response.Secret)}", e);
                    }
                    if (item.Data.End) yield break;
                    yield return item.Data.Value!;
                }
                if (bounded.EventTooLong)
                {
                    throw new EventStreamException(state.Count, $"the event runs past {maxEventBytesAsSent} bytes as sent without ending "
                        + $"(4 x MaxStreamEventBytes, {limits.MaxStreamEventBytes}, for its lines): refused without reading the rest");
                }
                if (bounded.EndsMidEvent) throw new EventStreamException(state.Count, $"the stream ended in the middle of an event, after {state.Count} complete event(s)");
                if (format.SentinelText is { } sentinel) throw new EventStreamException(state.Count, $"the stream ended after {state.Count} event(s) without its end marker {sentinel}");
            }
            finally
            {
                state.Dispose();
            }
        }
    }

    /// <summary>
    /// How many bytes one event's lines may take as sent before the stream stops reading: the parser holds an event
    /// whole until its blank line, so this bounds its memory. Four times the data limit leaves room for field names,
    /// short multi-line data and comments ("data: x" is 8 bytes for 2 of data).
    /// </summary>
    private static long RawEventBytes(int maxEventBytes) => 4L * maxEventBytes + 4096;

    private readonly struct Item<T>(T? value, bool end)
    {
        public T? Value { get; } = value;

        public bool End { get; } = end;
    }

    /// <summary>
    /// Per stream: counts events and turns each event's data into an item, an end, or a typed error. Holds the stream's
    /// table of strings seen (<see cref="JsonStringTable"/>), current on this thread while an event is read.
    /// </summary>
    private sealed class State<T>(EventStreamFormat format, EventReader<T> read, int maxEventBytes, string? secret) : IDisposable
    {
        private JsonStringTable? _strings = JsonStringTable.Rent();

        public int Count { get; private set; }

        public void Dispose()
        {
            if (_strings is { } strings)
            {
                _strings = null;
                JsonStringTable.Return(strings);
            }
        }

        public Item<T> Parse(string eventType, ReadOnlySpan<byte> data)
        {
            var index = Count++;
            if (data.Length > maxEventBytes)
            {
                throw new EventStreamException(index, $"the event's data is {data.Length} bytes, more than MaxStreamEventBytes ({maxEventBytes})");
            }
            if (format.Sentinel is { } sentinel && data.SequenceEqual(sentinel)) return new Item<T>(default, true);
            if (format.ErrorEvent is { } errorEvent && eventType == errorEvent) throw new StreamErrorEventException(index, Scrub(ErrorMessage(data, null) ?? Text(data)));
            // A quick look first: most events do not mention the error field at all.
            if (format.ErrorFieldQuoted is { } quoted && data.IndexOf(quoted) >= 0 && ErrorMessage(data, format.ErrorField) is { } message)
            {
                throw new StreamErrorEventException(index, Scrub(message));
            }
            // The reader runs synchronously on this thread: the table is current for exactly this event's read.
            var outer = JsonStringTable.Current;
            JsonStringTable.Current = _strings;
            try
            {
                return new Item<T>(read(data), false);
            }
            catch (JsonPayloadException e)
            {
                throw new EventStreamException(index, Scrub(e.Message), e);
            }
            finally
            {
                JsonStringTable.Current = outer;
            }
        }

        private string Scrub(string text) => Secrets.Scrub(text, secret);
    }

    /// <summary>
    /// The message of an error event: with a field, its value when the data is a JSON object that has it (a string,
    /// or an object's <c>message</c>), else null; without, the data's own error text.
    /// </summary>
    private static readonly byte[] ErrorName = "error"u8.ToArray();

    private static string? ErrorMessage(ReadOnlySpan<byte> data, byte[]? field)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return field is null ? Text(data) : null;
            }
            var name = field ?? ErrorName;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals(name) && !(field is null && reader.ValueTextEquals("message"u8)))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) return reader.GetString();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = reader.TokenStartIndex;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("message"u8) && reader.Read() && reader.TokenType == JsonTokenType.String) return reader.GetString();
                        reader.Read();
                        reader.Skip();
                    }
                    return Text(data.Slice((int)start));
                }
                return reader.TokenType == JsonTokenType.Null ? null : Text(data);
            }
            return field is null ? Text(data) : null;
        }
        catch (JsonException)
        {
            return field is null ? Text(data) : null;
        }
    }

    private static string Text(ReadOnlySpan<byte> data)
    {
        var text = Encoding.UTF8.GetString(data.Length > 500 ? data[..500] : data);
        return data.Length > 500 ? text + "..." : text;
    }

    /// <summary>
    /// Counts the body against the response limit, remembers whether it ended between events, and ends the body early
    /// (<see cref="EventTooLong"/>) when one event's lines run past <c>maxEventBytes</c>: the parser then hands on the
    /// events before it and stops, and the caller names the event.
    /// </summary>
    private sealed class BoundedStream(Stream inner, long maxBytes, long maxEventBytes) : Stream
    {
        private long _read;
        private long _sinceBlankLine;
        private byte _last1 = (byte)'\n';
        private byte _last2 = (byte)'\n';

        /// <summary>An event ran past its bound: the body reads as ended from then on.</summary>
        public bool EventTooLong { get; private set; }

        /// <summary>The body ended with data after the last blank line: an event was cut.</summary>
        public bool EndsMidEvent => _read > 0 && !(_last1 == '\n' && (_last2 == '\n' || _last2 == '\r')) && !(_last1 == '\r' && _last2 == '\r');

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (EventTooLong) return 0;
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Count(buffer.Span[..n]);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (EventTooLong) return 0;
            var n = inner.Read(buffer, offset, count);
            Count(buffer.AsSpan(offset, n));
            return n;
        }

        private void Count(ReadOnlySpan<byte> read)
        {
            if (read.IsEmpty) return;
            _read += read.Length;
            if (_read > maxBytes) throw new ResponseTooLargeException(nameof(TransportLimits.MaxResponseBytes), maxBytes, System.Net.HttpStatusCode.OK);
            var blankLineEnd = AfterLastBlankLine(read, _last1);
            _sinceBlankLine = blankLineEnd < 0 ? _sinceBlankLine + read.Length : read.Length - blankLineEnd;
            // What was read is still handed on: the events it completes are the caller's; the next read ends the body.
            if (_sinceBlankLine > maxEventBytes) EventTooLong = true;
            _last2 = read.Length > 1 ? read[^2] : _last1;
            _last1 = read[^1];
        }

        /// <summary>
        /// Where the last blank line in <paramref name="read"/> ends, or -1: a line break right after a line break
        /// (CR then LF is one break, not two). <paramref name="before"/> is the byte read before. An upper bound of the
        /// event's length is all this is for, so a CR LF pair may count its LF in the next event.
        /// </summary>
        private static int AfterLastBlankLine(ReadOnlySpan<byte> read, byte before)
        {
            for (var i = read.LastIndexOfAny((byte)'\r', (byte)'\n'); i >= 0; i = read[..i].LastIndexOfAny((byte)'\r', (byte)'\n'))
            {
                var previous = i > 0 ? read[i - 1] : before;
                if (previous is (byte)'\r' or (byte)'\n' && !(previous == '\r' && read[i] == '\n')) return i + 1;
            }
            return -1;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
