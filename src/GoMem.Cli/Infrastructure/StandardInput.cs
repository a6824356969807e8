namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Standard input at a terminal: a command about to read it (given '-', or given nothing where it reads standard input
/// by default, as gc stats does) says on stderr what it expects instead of waiting in silence. A pipe or a redirected
/// file is read without a word, so scripts see nothing new.
/// </summary>
internal static class StandardInput
{
    /// <summary>
    /// The line to say before reading <paramref name="inputs"/> (as the command will read them: none means standard
    /// input, and so does '-'), or null when standard input is not read or is not a terminal.
    /// </summary>
    public static string? Hint(IReadOnlyCollection<string> inputs, bool stdinIsTerminal, string expected) =>
        stdinIsTerminal && (inputs.Count == 0 || inputs.Contains("-"))
            ? $"gomem: reading {expected} from standard input (pipe one in, or give a file); Ctrl-D to end"
            : null;

    /// <summary>Says <see cref="Hint"/> on stderr, when there is one, right before the command reads.</summary>
    public static void Announce(CliContext context, IReadOnlyCollection<string> inputs, string expected)
    {
        if (Hint(inputs, context.StdinIsTerminal, expected) is { } line)
        {
            context.Stderr.WriteLine(line);
            context.Stderr.Flush();
        }
    }

    /// <summary>As <see cref="Announce(CliContext, IReadOnlyCollection{string}, string)"/> for one input that is read only when given.</summary>
    public static void Announce(CliContext context, string? input, string expected)
    {
        if (input is not null)
        {
            Announce(context, [input], expected);
        }
    }
}
