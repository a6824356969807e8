namespace GoMem.Cli.Infrastructure;

/// <summary>
/// A write-only view of a stream that outlives its renderer: bytes pass through, the last one is remembered, and
/// disposing it flushes but leaves the stream open (a renderer may dispose what it is given).
/// </summary>
internal sealed class PassThroughStream(Stream inner) : Stream
{
    /// <summary>The last byte written, or null before any.</summary>
    public byte? Last { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!buffer.IsEmpty)
        {
            Last = buffer[^1];
            inner.Write(buffer);
        }
    }

    protected override void Dispose(bool disposing) => inner.Flush();
}
