using System.CommandLine;
using GoMem.Output.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Commands;

/// <summary><c>gomem traces PROFILE</c>: every sample's stack and value, as <c>go tool pprof -traces</c>.</summary>
internal static class TracesCommand
{
    public static Command Create(Infrastructure.CliContext context)
    {
        var traces = ProfileCommand.Create(
            context,
            "traces",
            "Print every sample: its labels, its value and its whole stack, as `go tool pprof -traces`.",
            "gomem traces heap.pb.gz",
            "gomem traces --sample-index alloc_space --focus main.recordSession heap.pb.gz",
            "gomem traces --format json goroutine.pb.gz");
        traces.SetAction(result =>
        {
            var (profile, options) = traces.Load(result);
            var report = TracesReport.Build(profile, options);
            return new ReportWriters(w => TracesTextRenderer.Write(w, report, context.TimeZone), s => TracesJsonRenderer.Write(s, report));
        });
        return traces.Command;
    }
}
