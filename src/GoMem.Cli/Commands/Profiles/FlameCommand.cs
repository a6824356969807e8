using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Profiles;

/// <summary><c>gomem flame PROFILE [--base OLD] -o out.html</c>: an interactive flame graph in one offline HTML file.</summary>
internal static class FlameCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "Heap, allocs or goroutine profile: .pb.gz, raw protobuf, or ?debug=1 text. '-' reads stdin. Or none, with --store.", Arity = ArgumentArity.ZeroOrOne };
        var stored = new StoreSelection();
        var baseProfile = new Option<string?>("--base")
        {
            Description = "An older profile to subtract: frames are coloured by growth (red) and shrinkage (blue).",
        };
        var minFraction = new Option<double>("--min-fraction")
        {
            Description = "Fold call paths narrower than this fraction of the whole into their caller (0 keeps all).",
            DefaultValueFactory = _ => FlameGraph.DefaultMinFraction,
        };
        var format = OutputOptions.Format("Output format: html (an interactive page) or json (the tree, for machines).", "html", "json");
        var output = OutputOptions.Output();
        output.Description = "Write to this file. Without it, the page goes to standard output only when that is redirected.";
        var options = new ProfileOptionSet();
        var command = new Command("flame", "Write a flame graph of a profile (or of a diff, with --base) as one self-contained HTML page that works offline: click to zoom, search, hover for values.")
        {
            profile,
            baseProfile,
            minFraction,
            format,
            output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem flame heap.pb.gz -o heap.html",
            "gomem flame --base heap.1.pb.gz heap.2.pb.gz --sample-index alloc_space -o growth.html",
            "gomem flame --focus main.recordSession --format json heap.pb.gz > tree.json");
        options.AddTo(command);
        stored.AddTo(command);
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var reportOptions = options.Read(result);
            var fraction = result.GetValue(minFraction);
            if (double.IsNaN(fraction) || fraction is < 0 or > 1)
            {
                throw new UsageException("--min-fraction must be between 0 and 1");
            }

            WarnAboutListOnlyOptions(context, result, options);
            var target = OutputTarget.From(context, result, format, output);
            var limits = options.Limits(result);
            stored.RequireProfileOrStore(result, result.GetValue(profile));
            StandardInput.Announce(context, result.GetValue(profile), "a heap, allocs or goroutine profile");

            var loaded = result.GetValue(profile) is { } argument ? ProfileSource.Read(argument, limits) : stored.Read(result);
            var older = result.GetValue(baseProfile) is { } basePath ? ProfileSource.Read(basePath, limits) : null;
            var graph = FlameGraph.Analyze(loaded, reportOptions, older, fraction);
            target.Write(new Renderings()
                .Html(s => FlameHtmlRenderer.Write(s, graph))
                .Json(s => FlameJsonRenderer.Write(s, graph)));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// --nodecount, --nodefraction, --edgefraction and --cum shape lists (top, traces) and come with the shared option
    /// set so that a pasted pprof command line parses; like pprof's own flame graph, the graph keeps every path, so say
    /// so rather than ignore them silently.
    /// </summary>
    private static void WarnAboutListOnlyOptions(CliContext context, ParseResult result, ProfileOptionSet options)
    {
        var given = new List<string>();
        foreach (var option in (Option[])[options.NodeCount, options.NodeFraction, options.EdgeFraction, options.Cumulative])
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                given.Add(option.Name);
            }
        }

        if (given.Count > 0)
        {
            var names = given.Count == 1 ? given[0] : string.Join(", ", given[..^1]) + " and " + given[^1];
            context.Stderr.WriteLine($"gomem: flame ignores {names} (options for top and traces): it draws every call path; --min-fraction folds narrow ones");
        }
    }
}
