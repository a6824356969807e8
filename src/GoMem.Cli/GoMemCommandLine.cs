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
    /// <summary>
    /// Runs a command line. <paramref name="timeZone"/> fixes the zone of human-readable times (tests and golden
    /// files use UTC); <paramref name="stdoutIsTerminal"/> and <paramref name="stdinIsTerminal"/> say whether
    /// standard output and input are an interactive terminal, <paramref name="stderrIsTerminal"/> whether standard error is.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TimeZoneInfo? timeZone = null, bool stdoutIsTerminal = false, bool stdinIsTerminal = false, bool stderrIsTerminal = false)
    {
        var context = new CliContext(stdout, stderr, timeZone, stdoutIsTerminal, stdinIsTerminal, stderrIsTerminal);
        var root = new Command("gomem", "GoMem: the Go memory workflow in one tool. Reads what Go programs already produce (heap, allocs and goroutine profiles with go tool pprof's numbers, goroutine dumps, /debug/vars, Prometheus metrics, /proc and cgroup files, gctrace logs, benchmark results, the compiler's escape analysis) and explains it: where memory goes, what grows, what the GC does, what a change costs.\n\n" + PprofFlagAliases.HelpText)
        {
            new HelpOption(),
            new VersionOption(),
            TopCommand.Create(context),
            TracesCommand.Create(context),
            DiffCommand.Create(context),
            FlameCommand.Create(context),
            ExplainCommand.Create(context),
            GcCommand.Create(context),
            EscapeCommand.Create(context),
            GoroutinesCommand.Create(context),
            LeakCommand.Create(context),
            DoctorCommand.Create(context),
            BenchCommand.Create(context),
            WatchCommand.Create(context),
            HistoryCommand.Create(context),
            AlertsCommand.Create(context),
            ExportCommand.Create(context),
            CompletionCommand.Create(context),
            HelpCommand.Create(context),
            ServeCommand.Create(context),
        };

        ExamplesHelpAction.Install(root);
        ToolVersion.Install(root);
        if (args is [ShellCompletion.Protocol, .. var words])
        {
            // What the completion scripts call on each Tab: the candidates for the last word, one per line.
            return ShellCompletion.Complete(root, words, stdout);
        }

        var normalized = PprofFlagAliases.Normalize(args);
        var parsed = root.Parse(normalized);
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
}
