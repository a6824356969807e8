using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Benchmarks;
using GoMem.Sources;
using GoMem.Storage;

namespace GoMem.Cli.Commands.Bench;

/// <summary><c>gomem bench record FILE</c>: store a run's results under its commit, branch and time.</summary>
internal static class BenchRecordCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Benchmark output (plain or go test -json) of one commit." };
        var commit = new Option<string?>("--commit") { Description = "The commit measured (default: git rev-parse HEAD here)." };
        var branch = new Option<string?>("--branch") { Description = "Its branch (default: the current git branch)." };
        var time = new Option<string?>("--time") { Description = "The commit's time, ISO 8601 (default: git's committer date of HEAD, else now)." };
        var store = BenchStoreOptions.Store();
        var format = OutputOptions.Format("Output format: text (one line) or json (the run's id, counts, commit, branch and time).");
        var output = OutputOptions.Output();
        var command = new Command("record", "Store every result of a benchmark run in the store (SQLite, --store), under its commit, branch and time.")
        {
            file, commit, branch, time, store, format, output,
        };
        ExamplesHelpAction.WithExamples(command, "gomem bench record bench.txt", "gomem bench record bench.txt --commit abc1234 --branch main --time 2026-11-23T05:00:00Z --store perf.db");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var path = result.GetValue(file)!;
            var input = BenchInputs.Read(context, [path])[0];
            var sha = result.GetValue(commit) ?? GitRevision.Commit()
                ?? throw new UsageException("--commit is needed outside a git repository");
            var name = result.GetValue(branch) ?? GitRevision.Branch() ?? "";
            var when = result.GetValue(time) is { } text ? BenchStoreOptions.ParseTime(text)
                : GitRevision.CommitTime() is { } iso ? BenchStoreOptions.ParseTime(iso) : DateTimeOffset.UtcNow;
            using var opened = BenchStoreOptions.Open(result.GetValue(store)!, mustExist: false);
            var run = opened.Record(new RunInfo(sha, name, when, Path.GetFileName(path)), input.Results);
            var recorded = new RecordedRun(run, input.Results.Count, input.Results.Sum(r => r.Values.Count));
            target.Write(new Renderings()
                .Text(w => RecordedRunTextRenderer.Write(w, recorded))
                .Json(s => RecordedRunJsonRenderer.Write(s, recorded)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
