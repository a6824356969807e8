using System.CommandLine;
using GoMem.IO;

namespace GoMem.Cli.Infrastructure;

/// <summary>--format: the formats a command offers, the first being its default.</summary>
internal sealed class FormatOption : Option<string>
{
    public FormatOption(string description, IReadOnlyList<string> formats)
        : base("--format", "-f")
    {
        Formats = formats;
        Description = description;
        DefaultValueFactory = _ => formats[0];
        this.AcceptOnlyFromAmong([.. formats]);
    }

    public IReadOnlyList<string> Formats { get; }
}

/// <summary>The --format and --output options every command carries.</summary>
internal static class OutputOptions
{
    /// <summary>--format offering <paramref name="formats"/> (default: text and json, text first).</summary>
    public static FormatOption Format(string description = "Output format: text (as go tool pprof prints it) or json (for machines).", params string[] formats) =>
        new(description, formats.Length > 0 ? formats : ["text", "json"]);

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write to this file instead of standard output.",
    };

    /// <summary>
    /// Opens the destination; the caller disposes it. Text is always LF-terminated UTF-8 without BOM, a profile's
    /// names that are not UTF-8 written as their bytes (<see cref="ByteStringEncoding"/>).
    /// </summary>
    public static TextWriter Open(string? path, TextWriter stdout)
    {
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            return new NonClosingWriter(stdout);
        }

        var stream = FileProblem.Create(path);
        return new StreamWriter(stream, ByteStringEncoding.Instance, 1 << 16) { NewLine = "\n" };
    }

    /// <summary>Lets commands dispose their writer without closing the console.</summary>
    private sealed class NonClosingWriter(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void Write(string? value) => inner.Write(value);

        public override void Write(ReadOnlySpan<char> buffer) => inner.Write(buffer);

        public override void Flush() => inner.Flush();

        protected override void Dispose(bool disposing) => inner.Flush();
    }
}
