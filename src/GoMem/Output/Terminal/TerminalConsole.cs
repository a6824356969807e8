using Spectre.Console;

namespace GoMem.Output.Terminal;

/// <summary>
/// Spectre.Console bound to a writer: colour and escape codes only on an interactive terminal without NO_COLOR;
/// piped or redirected output is plain text, wide enough that tables never wrap names.
/// </summary>
public static class TerminalConsole
{
    private const int PipedWidth = 240;

    public static IAnsiConsole For(TextWriter writer, bool interactive)
    {
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive && !noColor ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = PipedWidth;
        }

        return console;
    }

    /// <summary>
    /// Renders a Spectre widget. On a terminal it goes straight out with colour; otherwise it is rendered as plain
    /// text without the padding Spectre adds to the right of every row, so files and golden tests stay clean.
    /// </summary>
    public static void Write(TextWriter writer, Spectre.Console.Rendering.IRenderable widget, bool interactive)
    {
        if (interactive)
        {
            For(writer, interactive).Write(widget);
            return;
        }

        var buffer = new StringWriter();
        For(buffer, interactive: false).Write(widget);
        var lines = buffer.ToString().ReplaceLineEndings("\n").Split('\n');
        var first = 0;
        var last = lines.Length - 1;
        while (first <= last && lines[first].Trim().Length == 0)
        {
            first++;
        }

        while (last >= first && lines[last].Trim().Length == 0)
        {
            last--;
        }

        for (var i = first; i <= last; i++)
        {
            writer.Write(lines[i].TrimEnd());
            writer.Write('\n');
        }
    }
}
