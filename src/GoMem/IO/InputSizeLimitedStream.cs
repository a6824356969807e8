namespace GoMem.IO;

/// <summary>
/// A read-only wrapper that counts bytes and refuses to deliver more than a set limit, so decompressing a
/// gzip bomb stops at the cap instead of filling memory or disk.
/// </summary>
internal sealed class InputSizeLimitedStream(Stream inner, long limit, string source, bool compressed, uint? gzipTrailerSize = null) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException(source, $"corrupt gzip data: {e.Message}", BytesRead);
        }

        if (read == 0 && buffer.Length > 0 && gzipTrailerSize is { } expected && (uint)BytesRead != expected)
        {
            // .NET's inflater stops quietly at the end of a cut-off gzip file; the trailer's size field
            // (uncompressed length mod 2^32) tells a complete stream from a truncated one.
            throw new BadInputException(source, $"truncated gzip data: the compressed stream ends after {BytesRead} inflated bytes, before its end marker (file cut short or corrupt?)", BytesRead);
        }

        BytesRead += read;
        if (BytesRead > limit)
        {
            var what = compressed ? "decompressed size" : "input size";
            throw new BadInputException(source, $"{what} exceeds the limit of {FormatLimit(limit)} (a gzip bomb or not a profile?); raise it with --max-input-size", limit);
        }

        return read;
    }

    private static string FormatLimit(long limit) => limit % (1L << 20) == 0 ? $"{limit >> 20} MiB" : $"{limit} bytes";

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
