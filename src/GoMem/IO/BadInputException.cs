namespace GoMem.IO;

/// <summary>
/// An input that is not what it claims to be: truncated, corrupt, hostile or simply the wrong kind of file.
/// Carries where the problem is so the command line can print one precise line and exit with code 3.
/// The message is always one printable line: input quoted in it (a bad value, a cut JSON snippet) may hold line
/// breaks or terminal escape sequences, which are written as Go quotes them (<c>\n</c>, <c>\x1b</c>), and a problem
/// longer than <see cref="MaxProblemLength"/> characters (a quoted value that is a whole megabyte line) loses its middle.
/// </summary>
public class BadInputException : FormatException
{
    public BadInputException(string source, string problem, long? byteOffset = null, long? lineNumber = null, Exception? inner = null)
        : base(Compose(source, problem, byteOffset, lineNumber), inner)
    {
        Source = source;
        Problem = problem;
        ByteOffset = byteOffset;
        LineNumber = lineNumber;
    }

    /// <summary>The file name (or URL, or "stdin") the input came from.</summary>
    public new string Source { get; }

    public string Problem { get; }

    public long? ByteOffset { get; }

    public long? LineNumber { get; }

    /// <summary>The longest problem text a message keeps (longer ones lose their middle).</summary>
    public const int MaxProblemLength = 480;

    private static string Compose(string source, string problem, long? byteOffset, long? lineNumber)
    {
        problem = PrintableText.Shorten(problem, MaxProblemLength);
        if (lineNumber is { } line)
        {
            return PrintableText.Escape($"{source}:{line}: {problem}");
        }

        return PrintableText.Escape(byteOffset is { } offset ? $"{source}: {problem} (at byte offset {offset})" : $"{source}: {problem}");
    }
}
