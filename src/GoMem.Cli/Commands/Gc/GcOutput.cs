using GoMem.Cli.Infrastructure;

namespace GoMem.Cli.Commands.Gc;

/// <summary>Sends a gc report to stdout or the -o file as text, JSON or HTML.</summary>
internal static class GcOutput
{
    public static void Write(CliContext context, string? path, string format, Action<TextWriter> text, Action<Stream> json, Action<Stream>? html = null)
    {
        if (format == "html" && html is not null)
        {
            if (string.IsNullOrEmpty(path) || path == "-")
            {
                StdoutBytes.Write(context.Stdout, html);
                return;
            }

            using var file = File.Create(path);
            html(file);
            return;
        }

        ProfileOutput.Write(context, path, OutputOptions.Read(format), text, json);
    }
}
