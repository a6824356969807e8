using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Commands.Profiles;

/// <summary><c>gomem top PROFILE</c>: the heaviest functions, exactly as <c>go tool pprof -top</c>; or alloc vs inuse.</summary>
internal static class TopCommand
{
    public static Command Create(CliContext context)
    {
        var top = ProfileCommand.Create(
            context,
            "top",
            "Show the functions holding (or allocating) the most memory, with the same rows and numbers as `go tool pprof -top`.",
            "gomem top heap.pb.gz",
            "gomem top --sample-index alloc_space --nodecount 20 heap.pb.gz",
            "gomem top -sample_index=inuse_objects -focus=main heap.pb.gz",
            "gomem top --granularity lines --format json heap.pb.gz",
            "gomem top --compare-alloc heap.pb.gz",
            "gomem top --store gomem.db --target api/127.0.0.1:6060 --at -2h");
        var compareAlloc = new Option<bool>("--compare-alloc")
        {
            Description = "Per function, allocated (alloc_space) next to retained (inuse_space) memory, naming churn (alloc/inuse > 100: pool or preallocate) and retention (>= 5% of the live heap: cache or leak).",
        };
        top.Command.Options.Add(compareAlloc);
        top.SetAction((result, target) =>
        {
            var (profile, options) = top.Load(result);
            if (result.GetValue(compareAlloc))
            {
                var comparison = AllocRetentionReport.Analyze(profile, options);
                return new Renderings()
                    .Text(w => AllocRetentionTextRenderer.Write(w, comparison, context.TimeZone))
                    .Json(s => AllocRetentionJsonRenderer.Write(s, comparison));
            }

            var report = TopReport.Analyze(profile, options);
            return new Renderings()
                .Text(w => TopTextRenderer.Write(w, report, context.TimeZone))
                .Json(s => TopJsonRenderer.Write(s, report));
        });
        return top.Command;
    }
}
