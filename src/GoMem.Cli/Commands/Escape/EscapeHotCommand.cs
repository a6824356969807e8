using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Escape.Analysis;
using GoMem.Output.Escape;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Escape;

/// <summary><c>gomem escape hot LOG PROFILE</c>: escape sites ranked by the bytes and objects a profile says they allocated.</summary>
internal static class EscapeHotCommand
{
    public static Command Create(CliContext context)
    {
        var log = new Argument<string>("log") { Description = "The compiler's -m or -m -m output for the same sources the profiled binary was built from." };
        var profile = new Argument<string>("profile") { Description = "An allocs or heap profile (protobuf from /debug/pprof/allocs or /heap, or the ?debug=1 text)." };
        var sampleIndex = new Option<string?>("--sample-index", "-s") { Description = "Bytes sample type to rank by: alloc_space (default when present: all allocations since start) or inuse_space (what is still live)." };
        var nodeCount = new Option<int>("--nodecount", "-n") { Description = "Show at most N sites (0: all).", DefaultValueFactory = _ => 0 };
        var format = OutputOptions.Format("Output format: text or json.");
        var output = OutputOptions.Output();
        var command = new Command("hot", "Join escape sites with an allocs or heap profile by file and line, and rank the escapes by the bytes and objects they actually allocated: which escape is worth fixing.")
        {
            log, profile, sampleIndex, nodeCount, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem escape hot escape.txt allocs.pb.gz",
            "gomem escape hot escape.txt heap.pb.gz --sample-index inuse_space -n 10 --format json");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var limit = result.GetValue(nodeCount);
            if (limit < 0)
            {
                throw new UsageException("--nodecount must be 0 (all) or positive");
            }

            var target = OutputTarget.From(context, result, format, output);
            StandardInput.Announce(context, [result.GetValue(log)!, result.GetValue(profile)!], "the compiler's -m -m output and a profile");
            var parsed = EscapeLogSource.Read(result.GetValue(log)!);
            var profilePath = result.GetValue(profile)!;
            var report = EscapeHotAnalysis.Analyze(parsed, ProfileSource.Read(profilePath), profilePath, result.GetValue(sampleIndex));
            target.Write(new Renderings()
                .Text(w => EscapeHotTextRenderer.Write(w, report, limit))
                .Json(s => EscapeHotJsonRenderer.Write(s, report, limit)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
