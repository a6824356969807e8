using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Commands.Profiles;

/// <summary><c>gomem traces PROFILE</c>: every sample's stack and value, as <c>go tool pprof -traces</c>.</summary>
internal static class TracesCommand
{
    public static Command Create(CliContext context)
    {
        var traces = ProfileCommand.Create(
            context,
            "traces",
            "Print every sample: its labels, its value and its whole stack, as `go tool pprof -traces`.",
            "gomem traces heap.pb.gz",
            "gomem traces --sample-index alloc_space --focus main.recordSession heap.pb.gz",
            "gomem traces --format json goroutine.pb.gz");
        traces.SetAction((result, _) =>
        {
            var (profile, options) = traces.Load(result);
            var report = TracesReport.Analyze(profile, options);
            return new Renderings()
                .Text(w => TracesTextRenderer.Write(w, report, context.TimeZone))
                .Json(s => TracesJsonRenderer.Write(s, report));
        });
        return traces.Command;
    }
}
