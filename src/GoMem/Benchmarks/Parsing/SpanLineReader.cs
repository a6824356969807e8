using System.Runtime.CompilerServices;
using System.Text;
using GoMem.IO;

namespace GoMem.Benchmarks.Parsing;

/// <summary>
/// Lines of a UTF-8 stream as char spans over one reused buffer, so a million-line benchmark log is read without a
/// string per line: the shared <see cref="BoundedLineReader"/> (line cap, line numbers, "\r\n") decoded in place.
/// </summary>
internal sealed class SpanLineReader(Stream stream, string source, int maxLineBytes)
{
    private readonly BoundedLineReader _lines = new(stream, source, maxLineBytes);
    private char[] _chars = new char[1 << 12];

    public long LineNumber => _lines.LineNumber;

    /// <summary>The next line without its terminator in <paramref name="line"/>; false at the end of the stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        if (!_lines.TryReadLine(out var bytes))
        {
            line = default;
            return false;
        }

        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        var count = Encoding.UTF8.GetChars(bytes, _chars);
        line = _chars.AsSpan(0, count);
        return true;
    }
}
