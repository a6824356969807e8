using GoMem.IO;

namespace GoMem.Escape.Parsing;

/// <summary>
/// Streams the output of <c>go build -gcflags='-m'</c> or <c>'-m -m'</c> (any number of packages, each after its
/// <c># package</c> header) into an <see cref="EscapeLog"/>. Lines it does not know are counted and sampled, never
/// fatal; the input is rejected (exit 3) only when no line at all was a compiler diagnostic.
/// </summary>
public static class EscapeLogParser
{
    /// <summary>Longest line accepted: "can inline F with cost N as: BODY" lines quote the body, but never this much.</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>Reads a text log, or the directory of a JSON log (-gcflags=-json=0,DIR).</summary>
    public static EscapeLog ReadPath(string path, InputLimits? limits = null) =>
        Directory.Exists(path) ? CompilerJsonLogReader.ReadDirectory(path, limits) : ReadFile(path, limits);

    public static EscapeLog ReadFile(string path, InputLimits? limits = null)
    {
        using var input = InputOpener.OpenFile(path, limits);
        return Parse(input.Content, path);
    }

    public static EscapeLog Parse(Stream stream, string source)
    {
        var reader = new BoundedLineReader(stream, source, MaxLineBytes);
        var state = new EscapeLogState(source);
        while (reader.ReadLine() is { } line)
        {
            state.Accept(line, reader.LineNumber);
        }

        return state.Finish(reader.LineNumber);
    }
}
