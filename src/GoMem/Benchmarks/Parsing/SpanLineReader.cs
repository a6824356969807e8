using System.Runtime.CompilerServices;
using System.Text;
using GoMem.IO;

namespace GoMem.Benchmarks.Parsing;

/// <summary>
/// Lines of a UTF-8 stream as spans over one reused buffer, so a million-line benchmark log is read without a
/// string per line. Lines longer than the cap are bad input (named by line number); "\r\n" endings are accepted.
/// </summary>
internal sealed class SpanLineReader(Stream stream, string source, int maxLineBytes)
{
    private byte[] _bytes = new byte[1 << 16];
    private char[] _chars = new char[1 << 12];
    private int _start;
    private int _end;
    private bool _eof;

    public long LineNumber { get; private set; }

    /// <summary>The next line without its terminator in <paramref name="line"/>; false at the end of the stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var available = _bytes.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline > maxLineBytes || (newline < 0 && available.Length > maxLineBytes))
            {
                throw new BadInputException(source, $"line is longer than {maxLineBytes} bytes (not a benchmark log?)", lineNumber: LineNumber + 1);
            }

            if (newline >= 0)
            {
                line = Decode(available[..newline]);
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (available.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = Decode(available);
                _start = _end;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        // Keep the partial line, growing the buffer only when a single line needs it.
        var pending = _end - _start;
        if (pending > 0 && _start > 0)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, pending);
        }

        _start = 0;
        _end = pending;
        if (_end == _bytes.Length)
        {
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        var read = stream.Read(_bytes, _end, _bytes.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        var count = Encoding.UTF8.GetChars(bytes, _chars);
        return _chars.AsSpan(0, count);
    }
}
