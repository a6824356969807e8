using System.Runtime.CompilerServices;
using System.Text;

namespace GoMem.IO;

/// <summary>
/// Reads UTF-8 text lines from a stream with a cap on line length, counting line numbers for error messages.
/// Shared by every text parser, so a hostile single-line file cannot exhaust memory.
/// </summary>
public sealed class BoundedLineReader(Stream stream, string source, int maxLineBytes = BoundedLineReader.DefaultMaxLineBytes)
{
    public const int DefaultMaxLineBytes = 4 << 20;

    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private byte[] _line = new byte[256];

    public string Source { get; } = source;

    /// <summary>The 1-based number of the line returned last.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Byte offset of the start of the line returned last.</summary>
    public long LineOffset { get; private set; }

    private long _consumed;

    /// <summary>Returns the next line without its terminator ("\n" or "\r\n"), or null at the end.</summary>
    public string? ReadLine() => TryReadLine(out var line) ? Encoding.UTF8.GetString(line) : null;

    /// <summary>
    /// Reads the next line as raw bytes, without its terminator, for parsers that work on spans; false at the end.
    /// The span is valid until the next read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var length = 0;
        LineOffset = _consumed;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof || !Fill())
                {
                    if (length == 0)
                    {
                        line = default;
                        return false;
                    }

                    break;
                }
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline >= 0 ? newline : available.Length;
            if (length + take > maxLineBytes)
            {
                throw new BadInputException(Source, $"line is longer than {maxLineBytes} bytes (not a text file of the expected kind?)", lineNumber: LineNumber + 1);
            }

            if (length == 0 && newline >= 0)
            {
                // The whole line is in the buffer: hand it out without copying.
                _start += take + 1;
                _consumed += take + 1;
                LineNumber++;
                line = TrimCarriageReturn(available[..take]);
                return true;
            }

            if (length + take > _line.Length)
            {
                Array.Resize(ref _line, Math.Max(_line.Length * 2, length + take));
            }

            available[..take].CopyTo(_line.AsSpan(length));
            length += take;
            _start += take;
            _consumed += take;
            if (newline >= 0)
            {
                _start++;
                _consumed++;
                break;
            }
        }

        LineNumber++;
        line = TrimCarriageReturn(_line.AsSpan(0, length));
        return true;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private bool Fill()
    {
        _start = 0;
        _end = stream.Read(_buffer, 0, _buffer.Length);
        if (_end == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }
}
