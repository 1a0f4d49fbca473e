using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Transport;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Testing.Recording;

/// <summary>
/// Records a streamed body while the caller reads it: every read passes straight through (the caller sees each event
/// as it arrives, as without the recorder) and is kept, bounded, with when it arrived. The exchange is saved when the
/// body ends or the caller disposes it: what the caller read is what the cassette keeps (a reader that stops at the
/// end marker, or breaks out early, replays the same way).
/// </summary>
internal sealed class StreamCapture : Stream
{
    private readonly Stream _inner;
    private readonly long _maxBytes;
    private readonly Func<byte[], IReadOnlyList<BodyTiming>, Task> _completed;
    private readonly MemoryStream _kept = new();
    private readonly List<BodyTiming> _timing = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _done;

    public StreamCapture(Stream inner, long maxBytes, Func<byte[], IReadOnlyList<BodyTiming>, Task> completed)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _completed = completed;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        await KeepAsync(buffer.Span[..n].ToArray()).ConfigureAwait(false);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = _inner.Read(buffer, offset, count);
        KeepAsync(buffer.AsSpan(offset, n).ToArray()).GetAwaiter().GetResult();
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async Task KeepAsync(byte[] read)
    {
        if (_done) return;
        if (read.Length == 0)
        {
            _done = true;
            await _completed(_kept.ToArray(), _timing).ConfigureAwait(false);
            return;
        }
        if (_kept.Length + read.Length > _maxBytes)
        {
            throw new ResponseTooLargeException(nameof(RecordingOptions.MaxBodyBytes), _maxBytes, System.Net.HttpStatusCode.OK);
        }
        _kept.Write(read);
        _timing.Add(new BodyTiming(_kept.Length, _clock.ElapsedMilliseconds));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _kept.Length; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            if (!_done)
            {
                _done = true;
                _completed(_kept.ToArray(), _timing).GetAwaiter().GetResult();
            }
            _kept.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>A recorded stream played back at its recorded pace: each part is released when it arrived then.</summary>
internal sealed class PacedStream : Stream
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly IReadOnlyList<BodyTiming> _timing;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _position;
    private int _next;

    public PacedStream(ReadOnlyMemory<byte> body, IReadOnlyList<BodyTiming> timing)
    {
        _body = body;
        _timing = timing;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= _body.Length) return 0;
        while (_next < _timing.Count && _timing[_next].Offset <= _position) _next++;
        // The part up to the next recorded boundary, once its time has come.
        var until = _next < _timing.Count ? Math.Min(_timing[_next].Offset, _body.Length) : _body.Length;
        if (_next < _timing.Count)
        {
            var wait = _timing[_next].Milliseconds - _clock.ElapsedMilliseconds;
            if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
        }
        var n = (int)Math.Min(buffer.Length, until - _position);
        _body.Slice((int)_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _body.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
