using GoMem.IO;

namespace GoMem.Goroutines.Parsing;

/// <summary>
/// Reads lines from a stream as byte spans over one reused buffer, so a dump of hundreds of megabytes is read
/// without a string per line. A line longer than the cap is skipped (reported as overlong), never buffered whole.
/// </summary>
internal sealed class ByteLineReader(Stream stream, int maxLineBytes)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The 1-based number of the line returned last.</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the line returned last had no terminating newline (the input ended inside it).</summary>
    public bool LastLineUnterminated { get; private set; }

    /// <summary>Next line without "\n" or "\r\n"; false at the end. <paramref name="overlong"/> marks a skipped line.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool overlong)
    {
        overlong = false;
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                overlong |= length > maxLineBytes;
                line = overlong ? default : Trim(_buffer.AsSpan(_start, length));
                _start += length + 1;
                LineNumber++;
                LastLineUnterminated = false;
                return true;
            }

            scanned = _end - _start;
            if (scanned > maxLineBytes)
            {
                // Drop what we have of this line and keep scanning for its end.
                overlong = true;
                _start = _end;
                scanned = 0;
            }

            if (_eof || !Fill())
            {
                if (_end == _start && !overlong)
                {
                    line = default;
                    return false;
                }

                line = overlong ? default : Trim(_buffer.AsSpan(_start, _end - _start));
                _start = _end;
                LineNumber++;
                LastLineUnterminated = true;
                return true;
            }
        }
    }

    private static ReadOnlySpan<byte> Trim(Span<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxLineBytes + (1 << 16)));
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }
}

/// <summary>Thrown by parsers on impossible sizes; kept here so the reader stays independent of the parser.</summary>
internal static class ByteLineReaderErrors
{
    public static BadInputException TooManyFrames(string source, long line, int limit) =>
        new(source, $"a goroutine with more than {limit} frames (not a Go traceback?)", lineNumber: line);
}
