using GoMem.Cli.Infrastructure;

namespace GoMem.Cli.Commands;

/// <summary>Sends a rendered report to stdout or to the --output file, in text or JSON.</summary>
internal static class ProfileOutput
{
    public static void Write(CliContext context, string? path, OutputFormat format, Action<TextWriter> writeText, Action<Stream> writeJson)
    {
        var toStdout = string.IsNullOrEmpty(path) || path == "-";
        if (format == OutputFormat.Json)
        {
            writeJson = NewlineTerminated.Wrap(writeJson);
            if (toStdout)
            {
                StdoutBytes.Write(context.Stdout, writeJson);
                return;
            }

            using var file = File.Create(path!);
            writeJson(file);
            return;
        }

        using var writer = OutputOptions.Open(path, context.Stdout);
        writeText(writer);
    }
}
