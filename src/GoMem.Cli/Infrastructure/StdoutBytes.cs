namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Writes a renderer's UTF-8 bytes (JSON, HTML) to standard output. The real stdout is a StreamWriter over the
/// process's output stream: the bytes go straight to that stream, where copying them through a string first cost
/// three times the output in memory (a 187 MB traces JSON took 1.45 GB). Tests pass a StringWriter, which gets text.
/// </summary>
internal static class StdoutBytes
{
    public static void Write(TextWriter stdout, Action<Stream> write)
    {
        if (stdout is StreamWriter { BaseStream: { CanWrite: true } stream } writer)
        {
            writer.Flush();
            var shield = new UnclosableStream(stream);
            write(shield);
            shield.Flush();
            return;
        }

        using var buffer = new MemoryStream();
        write(buffer);
        stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        stdout.Flush();
    }

    /// <summary>Stdout outlives the renderer: a renderer that disposes its stream must not close it.</summary>
    private sealed class UnclosableStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        protected override void Dispose(bool disposing) => inner.Flush();
    }
}
