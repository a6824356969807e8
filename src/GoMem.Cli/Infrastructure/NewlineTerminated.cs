namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Every JSON document gomem writes ends with a newline, as text output does: a shell prompt after `gomem … -f json`
/// starts on its own line, and `jq`, `wc -l` and line-based tools see a complete last line.
/// </summary>
internal static class NewlineTerminated
{
    public static Action<Stream> Wrap(Action<Stream> write) => stream =>
    {
        var tail = new TailTrackingStream(stream);
        write(tail);
        if (tail.Last is not (byte)'\n')
        {
            stream.Write("\n"u8);
        }

        stream.Flush();
    };

    /// <summary>Passes bytes through, remembers the last one, and leaves the stream open when disposed.</summary>
    private sealed class TailTrackingStream(Stream inner) : Stream
    {
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
}
