using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using GoMem.Cli.Commands.Bench;
using GoMem.Cli.Commands.Doctor;
using GoMem.Cli.Commands.Escape;
using GoMem.Cli.Commands.Explain;
using GoMem.Cli.Commands.Gc;
using GoMem.Cli.Commands.Goroutines;
using GoMem.Cli.Commands.Leak;
using GoMem.Cli.Commands.Monitoring;
using GoMem.Cli.Commands.Profiles;
using GoMem.Cli.Commands.Tool;
using GoMem.Cli.Infrastructure;
using GoMem.Cli.Infrastructure.Completion;

namespace GoMem.Cli;

/// <summary>Builds the <c>gomem</c> command tree and runs it. Kept free of Console so tests can drive it in process.</summary>
public static class GoMemCommandLine
{
    /// <summary>The top-level commands, by name, in the order help lists them.</summary>
    internal static readonly (string Name, Func<CliContext, Command> Create)[] Commands =
    [
        ("top", TopCommand.Create),
        ("traces", TracesCommand.Create),
        ("diff", DiffCommand.Create),
        ("flame", FlameCommand.Create),
        ("explain", ExplainCommand.Create),
        ("gc", GcCommand.Create),
        ("escape", EscapeCommand.Create),
        ("goroutines", GoroutinesCommand.Create),
        ("leak", LeakCommand.Create),
        ("doctor", DoctorCommand.Create),
        ("bench", BenchCommand.Create),
        ("watch", WatchCommand.Create),
        ("history", HistoryCommand.Create),
        ("alerts", AlertsCommand.Create),
        ("export", ExportCommand.Create),
        ("completion", CompletionCommand.Create),
        ("help", HelpCommand.Create),
        ("serve", ServeCommand.Create),
    ];

    /// <summary>
    /// Runs a command line. <paramref name="timeZone"/> fixes the zone of human-readable times (tests and golden
    /// files use UTC); <paramref name="stdoutIsTerminal"/> and <paramref name="stdinIsTerminal"/> say whether
    /// standard output and input are an interactive terminal, <paramref name="stderrIsTerminal"/> whether standard error is.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TimeZoneInfo? timeZone = null, bool stdoutIsTerminal = false, bool stdinIsTerminal = false, bool stderrIsTerminal = false)
    {
        var context = new CliContext(stdout, stderr, timeZone, stdoutIsTerminal, stdinIsTerminal, stderrIsTerminal);
        var normalized = PprofFlagAliases.Normalize(args);
        var named = normalized is [var first, ..] ? Array.FindIndex(Commands, c => c.Name == first) : -1;
        var root = Root(context, named);
        if (args is [ShellCompletion.Protocol, .. var words])
        {
            // What the completion scripts call on each Tab: the candidates for the last word, one per line.
            return ShellCompletion.Complete(root, words, stdout);
        }

        var parsed = root.Parse(normalized);
        if (named >= 0 && parsed.Errors.Count > 0)
        {
            // A usage error's "did you mean" may point at another command (`gomem gc compare`: bench compare), so it
            // is worked out over the whole tree.
            root = Root(context, -1);
            parsed = root.Parse(normalized);
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        if (UsageErrors.IsBareGroup(parsed))
        {
            // `gomem`, `gomem gc`: the group's help, as --help prints it.
            return root.Parse([.. parsed.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value), "--help"]).Invoke(config);
        }

        // A usage error is one line on stderr and nothing on stdout (never the help: it would corrupt a JSON pipeline).
        if ((parsed.Action is ParseErrorAction || parsed.Action == parsed.CommandResult.Command.Action) && UsageErrors.Find(parsed, normalized) is { } problem)
        {
            stderr.WriteLine($"gomem: {problem} {UsageErrors.HelpPointer(parsed)}");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(config);
    }

    /// <summary>
    /// The root command, with every command under it, or with only <c>Commands[named]</c> when the command line starts
    /// with that command's name: a run reaches nothing else (a usage error is worked out over the whole tree again), and
    /// a short run (the native binary's `gomem bench compare` on two small files) does not pay for building the others,
    /// their options and descriptions.
    /// </summary>
    private static Command Root(CliContext context, int named)
    {
        var root = new Command("gomem", "GoMem: the Go memory workflow in one tool. Reads what Go programs already produce (heap, allocs and goroutine profiles with go tool pprof's numbers, goroutine dumps, /debug/vars, Prometheus metrics, /proc and cgroup files, gctrace logs, benchmark results, the compiler's escape analysis) and explains it: where memory goes, what grows, what the GC does, what a change costs.\n\n" + PprofFlagAliases.HelpText)
        {
            new HelpOption(),
            new VersionOption(),
        };
        foreach (var (_, create) in named >= 0 ? Commands[named..(named + 1)] : Commands)
        {
            root.Add(create(context));
        }

        ExamplesHelpAction.Install(root);
        ToolVersion.Install(root);
        return root;
    }
}
