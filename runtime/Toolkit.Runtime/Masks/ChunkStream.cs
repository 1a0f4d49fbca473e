using System;
using System.Collections.Generic;
using System.IO;

namespace Toolkit.Runtime.Masks;

/// <summary>A read-only stream over the IDAT chunk payloads of one buffer, in order, without copying them.</summary>
internal sealed class ChunkStream : Stream
{
    private readonly byte[] _buffer;
    private readonly List<(int Offset, int Length)> _chunks;
    private int _chunk;
    private int _position;

    public ChunkStream(byte[] buffer, List<(int Offset, int Length)> chunks)
    {
        _buffer = buffer;
        _chunks = chunks;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        while (_chunk < _chunks.Count)
        {
            var (offset, length) = _chunks[_chunk];
            var left = length - _position;
            if (left > 0)
            {
                var n = Math.Min(left, destination.Length);
                _buffer.AsSpan(offset + _position, n).CopyTo(destination);
                _position += n;
                return n;
            }
            _chunk++;
            _position = 0;
        }
        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
