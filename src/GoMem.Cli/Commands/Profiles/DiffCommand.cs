using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Profiles;

/// <summary><c>gomem diff --base OLD NEW</c>: what changed between two profiles, as <c>go tool pprof -top -diff_base</c>.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var diff = ProfileCommand.Create(
            context,
            "diff",
            "Subtract a base profile from a newer one and list the functions whose memory changed most (growth positive, shrinkage negative). Percentages are relative to the base total, as in `go tool pprof -diff_base`.",
            "gomem diff --base heap.1.pb.gz heap.2.pb.gz",
            "gomem diff -diff_base=heap.1.pb.gz -sample_index=alloc_space heap.2.pb.gz",
            "gomem diff --base before.pb.gz after.pb.gz --format json");
        diff.Profile.Description = "The newer profile.";
        var baseProfile = new Option<string>("--base")
        {
            Description = "The older profile, subtracted from the newer one.",
            Required = true,
        };
        diff.Command.Options.Add(baseProfile);
        diff.SetAction((result, _) =>
        {
            var (newer, options) = diff.Load(result);
            var older = ProfileSource.Read(result.GetValue(baseProfile)!, diff.Options.Limits(result));
            var report = TopReport.Analyze(newer, options, older);
            return new Renderings()
                .Text(w => TopTextRenderer.Write(w, report, context.TimeZone))
                .Json(s => TopJsonRenderer.Write(s, report));
        });
        return diff.Command;
    }
}
