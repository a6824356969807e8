using System.CommandLine;
using System.CommandLine.Completions;
using GoMem.Cli.Infrastructure;
using GoMem.Monitoring.Config;

namespace GoMem.Cli.Commands.Tool;

/// <summary>
/// <c>gomem help [TOPIC]</c>: short pages on the concepts users keep asking about (inuse vs alloc, pprof vs RSS, GOGC vs
/// GOMEMLIMIT), each ending with the commands that answer it and where the README says more. The pages are the text
/// files under HelpTopics/, embedded in the binary; a topic's name is its file name.
/// </summary>
internal static class HelpCommand
{
    private const string Prefix = "help.";

    /// <summary>The topics, by name, in order.</summary>
    public static IReadOnlyList<string> Topics { get; } =
        [.. typeof(HelpCommand).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal)];

    public static Command Create(CliContext context)
    {
        var topic = new Argument<string?>("topic") { Description = "The topic; none to list them.", Arity = ArgumentArity.ZeroOrOne };
        topic.CompletionSources.Add(_ => Topics.Select(t => new CompletionItem(t)));
        var command = new Command("help", "Explain a concept behind the reports (inuse vs alloc, why pprof shows less than RSS, GOGC vs GOMEMLIMIT); with no topic, list the topics.")
        {
            topic,
        };
        ExamplesHelpAction.WithExamples(command, "gomem help", "gomem help pprof-vs-rss");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            if (result.GetValue(topic) is not { } name)
            {
                WriteList(context.Stdout);
                return ExitCodes.Success;
            }

            if (!Topics.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"unknown help topic \"{name}\"" + (Meant(name) is { } meant ? $"; did you mean \"{meant}\"?" : ""));
            }

            context.Stdout.Write(Page(name));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A topic's page: its first line is its title.</summary>
    public static string Page(string name)
    {
        using var stream = typeof(HelpCommand).Assembly.GetManifestResourceStream(Prefix + name) ?? throw new InvalidOperationException("no help topic " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    private static void WriteList(TextWriter output)
    {
        output.WriteLine("Help topics (gomem help TOPIC):");
        var width = Topics.Max(t => t.Length) + 2;
        foreach (var name in Topics)
        {
            output.WriteLine("  " + name.PadRight(width) + Page(name).Split('\n')[0]);
        }

        output.WriteLine();
        output.WriteLine("A command's options and examples: gomem COMMAND --help.");
    }

    /// <summary>The topic closest in spelling, else the one a word of it names ("gogc", "rss").</summary>
    private static string? Meant(string name) =>
        Suggestions.Closest(name, Topics)
        ?? Topics.FirstOrDefault(t => t.Split('-').Any(part => part.Length > 2 && string.Equals(part, name, StringComparison.OrdinalIgnoreCase)));
}
