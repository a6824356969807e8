using System.IO.Compression;

namespace GoMem.IO;

/// <summary>An opened input: its bytes (already inflated when the file was gzip) and what it was.</summary>
public sealed class OpenedInput(string name, Stream content, bool wasGzip) : IDisposable
{
    public string Name { get; } = name;

    /// <summary>The (inflated) content, read-only, size-capped.</summary>
    public Stream Content { get; } = content;

    public bool WasGzip { get; } = wasGzip;

    public void Dispose() => Content.Dispose();
}

/// <summary>Opens files, stdin or in-memory bytes, detecting gzip by its magic number and capping the inflated size.</summary>
public static class InputOpener
{
    private const int FileBufferSize = 1 << 16;

    /// <summary>Opens a path ("-" for stdin). Failure to open is an I/O error (<see cref="FileProblemException"/>), not bad input.</summary>
    public static OpenedInput OpenFile(string path, InputLimits? limits = null)
    {
        if (path == "-")
        {
            return Open("stdin", Console.OpenStandardInput(), limits);
        }

        var stream = FileProblem.OpenRead(path, FileBufferSize, FileOptions.SequentialScan);
        return Open(path, stream, limits);
    }

    public static OpenedInput OpenBytes(string name, byte[] data, InputLimits? limits = null) =>
        Open(name, new MemoryStream(data, writable: false), limits);

    /// <summary>Wraps <paramref name="raw"/>, inflating it when it starts with the gzip magic number.</summary>
    public static OpenedInput Open(string name, Stream raw, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var peekable = new PeekableStream(raw);
        Span<byte> magic = stackalloc byte[2];
        var got = peekable.Peek(magic);
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            uint? trailer = ReadGzipTrailerSize(raw);
            var gzip = new GZipStream(peekable, CompressionMode.Decompress, leaveOpen: false);
            return new OpenedInput(name, new InputSizeLimitedStream(gzip, limits.MaxInflatedBytes, name, compressed: true, trailer), wasGzip: true);
        }

        return new OpenedInput(name, new InputSizeLimitedStream(peekable, limits.MaxInflatedBytes, name, compressed: false), wasGzip: false);
    }

    /// <summary>The ISIZE field of a seekable gzip file: the uncompressed length modulo 2^32.</summary>
    private static uint? ReadGzipTrailerSize(Stream raw)
    {
        if (!raw.CanSeek || raw.Length < 18)
        {
            return null;
        }

        var position = raw.Position;
        Span<byte> size = stackalloc byte[4];
        raw.Seek(-4, SeekOrigin.End);
        raw.ReadExactly(size);
        raw.Seek(position, SeekOrigin.Begin);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size);
    }
}
