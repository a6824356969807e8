using System.CommandLine;
using GoMem.IO;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Where a command's result goes, read from --format and -o before any work is done: the one place that owns
/// standard output and files, refuses to write an HTML page on a terminal (suggesting -o COMMAND.html), checks that
/// -o names a file in a directory that exists before the work starts, ends every JSON document with a newline, and
/// lets -o NAME.html choose HTML where a command offers it.
/// </summary>
internal sealed class OutputTarget
{
    /// <summary>Formats that are bytes for a program, not text for a person.</summary>
    private static readonly string[] BinaryFormats = ["pb.gz", "pb"];

    private readonly CliContext _context;

    private OutputTarget(CliContext context, string? path, string format, string command)
    {
        _context = context;
        Path = string.IsNullOrEmpty(path) || path == "-" ? null : path;
        Format = format;
        if (format == "html" && Path is null && context.StdoutIsTerminal)
        {
            throw new UsageException($"an HTML page is not written to a terminal: give -o {command}.html (or redirect standard output)");
        }

        if (BinaryFormats.Contains(format) && Path is null && context.StdoutIsTerminal)
        {
            throw new UsageException($"a {format} file is not written to a terminal: give -o FILE (or redirect standard output)");
        }

        if (Path is not null)
        {
            // Before any work: a long analysis must not end in "no such directory".
            FileProblem.CheckWritable(Path);
        }
    }

    /// <summary>The file to write, or null for standard output.</summary>
    public string? Path { get; }

    public string Format { get; }

    /// <summary>True when the result goes to a person's terminal (colours allowed), never for files, pipes or tests.</summary>
    public bool IsInteractive => Path is null && _context.StdoutIsTerminal;

    public static OutputTarget From(CliContext context, ParseResult result, FormatOption format, Option<string?> output)
    {
        var path = result.GetValue(output);
        var chosen = result.GetValue(format) ?? "text";
        if (result.GetResult(format) is null or { Implicit: true } && chosen != "html" && path is not null && format.Formats.Contains("html")
            && (path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase)))
        {
            chosen = "html";
        }

        return new OutputTarget(context, path, chosen, FileNameFor(result.CommandResult));
    }

    /// <summary>A file name to suggest for a command's output: flame.html, gc-stats.html.</summary>
    private static string FileNameFor(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (var c = command; c.Parent is System.CommandLine.Parsing.CommandResult parent; c = parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return names.Count > 0 ? string.Join('-', names) : "gomem";
    }

    public void Write(Renderings renderings)
    {
        var rendering = renderings.For(Format);
        if (rendering.WriteBytes is { } bytes)
        {
            WriteBytes(rendering.Kind == RenderingKind.Json ? NewlineTerminated.Wrap(bytes) : bytes);
            return;
        }

        using var writer = OutputOptions.Open(Path, _context.Stdout);
        rendering.WriteText!(writer);
    }

    /// <summary>For a command that writes as it runs (<c>gomem watch</c>): the destination as a writer, open until disposed.</summary>
    public TextWriter OpenWriter() => OutputOptions.Open(Path, _context.Stdout);

    /// <summary>A second output a command writes beside its result (a Markdown summary, JUnit XML).</summary>
    public static void WriteFile(string path, Action<Stream> write)
    {
        using var file = FileProblem.Create(path);
        write(file);
    }

    /// <inheritdoc cref="WriteFile(string, Action{Stream})"/>
    public static void WriteFile(string path, Action<TextWriter> write)
    {
        using var writer = OutputOptions.Open(path, TextWriter.Null);
        write(writer);
    }

    private void WriteBytes(Action<Stream> write)
    {
        if (Path is null)
        {
            StdoutBytes.Write(_context.Stdout, write);
            return;
        }

        WriteFile(Path, write);
    }
}
