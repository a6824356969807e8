namespace GoMem.IO;

/// <summary>A forward-only stream that can look at its first bytes without consuming them (format sniffing on pipes).</summary>
internal sealed class PeekableStream(Stream inner) : Stream
{
    private byte[] _peeked = [];
    private int _peekedPosition;

    /// <summary>Fills <paramref name="destination"/> with the next bytes, leaving them to be read again.</summary>
    public int Peek(Span<byte> destination)
    {
        var buffer = new byte[destination.Length];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = inner.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        _peeked = buffer[..total];
        _peekedPosition = 0;
        _peeked.CopyTo(destination);
        return total;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_peekedPosition < _peeked.Length)
        {
            var n = Math.Min(buffer.Length, _peeked.Length - _peekedPosition);
            _peeked.AsSpan(_peekedPosition, n).CopyTo(buffer);
            _peekedPosition += n;
            return n;
        }

        return inner.Read(buffer);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
