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
            "gomem diff --base before.pb.gz after.pb.gz --format json",
            "gomem diff --store gomem.db --target api/127.0.0.1:6060 --from -6h --to now");
        diff.Profile.Description = "The newer profile.";
        var baseProfile = new Option<string?>("--base")
        {
            Description = "The older profile, subtracted from the newer one.",
        };
        var from = new Option<string?>("--from") { Description = "With --store: the older moment (RFC 3339, 'now', -2h); diffs the stored snapshots nearest --from and --to." };
        var to = new Option<string>("--to") { Description = "With --store: the newer moment.", DefaultValueFactory = _ => "now" };
        diff.Command.Options.Add(baseProfile);
        diff.Command.Options.Add(from);
        diff.Command.Options.Add(to);
        diff.SetAction((result, _) =>
        {
            var stored = diff.Stored.IsGiven(result);
            if (stored ? result.GetValue(from) is null || result.GetValue(baseProfile) is not null : result.GetValue(baseProfile) is null)
            {
                throw new UsageException(stored ? "with --store, give --from (and --to, default now) instead of --base" : "give --base OLD (or --store with --from and --to)");
            }

            var (newer, options) = diff.Load(result, stored ? result.GetValue(to) : null);
            var older = stored ? diff.Stored.Read(result, result.GetValue(from)) : ProfileSource.Read(result.GetValue(baseProfile)!, diff.Options.Limits(result));
            var report = TopReport.Analyze(newer, options, older);
            return new Renderings()
                .Text(w => TopTextRenderer.Write(w, report, context.TimeZone))
                .Json(s => TopJsonRenderer.Write(s, report));
        });
        return diff.Command;
    }
}
