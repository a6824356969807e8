using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Leaks;
using GoMem.Output.Leaks;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Leak;

/// <summary><c>gomem leak SNAPSHOTS...|URL</c>: what grows across snapshots (heap sites, goroutine groups, process), exit 1 on a leak.</summary>
internal static class LeakCommand
{
    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("snapshots")
        {
            Description = "A directory of snapshots (heap.K.pb.gz, goroutine.K.pb.gz or .debug2.txt, vars.K.json, status.K.txt; files of one number K form one snapshot), a list of such files, or a live service URL (http://127.0.0.1:6060).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var limit = new Option<string?>("--limit") { Description = "A memory limit (e.g. 1GiB): each growing byte figure gets the projected time to reach it." };
        var interval = new Option<double?>("--interval") { Description = "The time between consecutive snapshots, when the files carry no usable time (name order is then used): a Go duration (30s, 1m; a bare number is seconds).", CustomParser = result => DurationOption.Seconds(result) };
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the Mann-Kendall trend test (one-sided).", DefaultValueFactory = _ => 0.05 };
        var every = new Option<double>("--every") { Description = "With a URL: the time between snapshots (a Go duration: 10s, 2m; a bare number is seconds).", DefaultValueFactory = _ => 10, CustomParser = DurationOption.Seconds };
        var count = new Option<int>("--count") { Description = "With a URL: number of snapshots to take (at least 3; 4 or more to show a significant rise).", DefaultValueFactory = _ => 8 };
        var save = new Option<string?>("--save") { Description = "With a URL: keep the snapshots in this directory (else a temporary one, deleted afterwards)." };
        var minHeapSite = new Option<string?>("--min-site-growth") { Description = "Least growth of one heap site over the series to call it a leak (default 256KiB; heap sampling makes less noise)." };
        var minRss = new Option<string?>("--min-rss-growth") { Description = "Least RSS growth over the series (default 4MiB); raise it for a large service whose RSS wanders." };
        var minLiveHeap = new Option<string?>("--min-heap-growth") { Description = "Least live-heap growth over the series (default 1MiB)." };
        var minGoroutines = new Option<long?>("--min-goroutine-growth") { Description = "Least growth in goroutines, per group and in total (default 5)." };
        var pid = new Option<int?>("--pid") { Description = "With a URL: the service's process ID on this machine; /proc/PID/status is saved with each snapshot, for RSS (else RSS comes from process_resident_memory_bytes in /metrics, when served)." };
        var states = new Option<bool>("--goroutine-states") { Description = "With a URL: fetch goroutine dumps with ?debug=2, so goroutine findings show states, wait times and creators (larger downloads)." };
        var timeout = new Option<double>("--timeout") { Description = "With a URL: how long to wait for each endpoint (a Go duration: 30s, 1m; a bare number is seconds).", DefaultValueFactory = _ => 30, CustomParser = DurationOption.Seconds };
        var store = new Option<string?>("--store") { Description = "Read the series from the store gomem watch fills (an SQLite file or a postgres:// URL) instead of files." };
        var storeTarget = new Option<string?>("--target") { Description = "With --store: the target (job/instance, instance or a label value)." };
        var since = new Option<string>("--since") { Description = "With --store: how far back (a duration such as 6h or 2d, or a time); since the last restart within it.", DefaultValueFactory = _ => "1h" };
        var format = OutputOptions.Format("Output format: text (one block per finding) or json (for machines and CI).");
        var output = OutputOptions.Output();
        var command = new Command("leak", "Find what grows across snapshots of one process: heap sites (inuse_space and inuse_objects at the frame to fix), goroutine groups, live heap, goroutines and RSS, with Theil-Sen slopes and Mann-Kendall significance. Churn and caches that plateau are not leaks. Exit code 1 when a leak is found.")
        {
            inputs, limit, interval, alpha, minHeapSite, minLiveHeap, minRss, minGoroutines, every, count, save, pid, states, timeout, store, storeTarget, since, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem leak snapshots/",
            "gomem leak heap.*.pb.gz goroutine.*.pb.gz --format json",
            "gomem leak http://127.0.0.1:6060 --every 30s --count 12 --save series/ --limit 2GiB",
            "gomem leak http://127.0.0.1:6060 --pid $(pgrep -x myservice) --every 1m --count 10",
            "gomem leak snapshots/ --interval 60    # files without times, taken a minute apart",
            "gomem leak --store gomem.db --target api/127.0.0.1:6060 --since 6h   # what gomem watch stored");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var paths = result.GetValue(inputs) ?? [];
            if ((result.GetValue(store) is null) == (paths.Length == 0))
            {
                throw new UsageException(paths.Length == 0
                    ? "missing argument <snapshots>: snapshot files, a directory or a service URL (or --store for what gomem watch stored)"
                    : "give snapshot files, a directory or a service URL, or --store, not both");
            }
            var level = result.GetValue(alpha);
            if (level is <= 0 or >= 0.5 || double.IsNaN(level))
            {
                throw new UsageException("--alpha must be between 0 and 0.5");
            }

            if (result.GetValue(interval) is { } step && (step <= 0 || double.IsNaN(step)))
            {
                throw new UsageException("--interval must be a positive number of seconds");
            }

            var defaults = new LeakOptions();
            var options = new LeakOptions
            {
                Alpha = level,
                LimitBytes = SizeOption.Parse(result.GetValue(limit), "--limit"),
                MinHeapSiteGrowthBytes = SizeOption.Parse(result.GetValue(minHeapSite), "--min-site-growth") ?? defaults.MinHeapSiteGrowthBytes,
                MinLiveHeapGrowthBytes = SizeOption.Parse(result.GetValue(minLiveHeap), "--min-heap-growth") ?? defaults.MinLiveHeapGrowthBytes,
                MinRssGrowthBytes = SizeOption.Parse(result.GetValue(minRss), "--min-rss-growth") ?? defaults.MinRssGrowthBytes,
                MinGoroutineGrowth = result.GetValue(minGoroutines) is { } g ? (g >= 1 ? g : throw new UsageException("--min-goroutine-growth must be at least 1")) : defaults.MinGoroutineGrowth,
            };
            var target = OutputTarget.From(context, result, format, output);
            string? temporary = null;
            try
            {
                var live = paths.Any(ServiceUrl.IsUrl);
                if (!live && new Option[] { every, count, save, pid, states, timeout }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } liveOnly)
                {
                    throw new UsageException($"{liveOnly.Name} is for a live service: give its URL (files are snapshots already)");
                }

                if (live)
                {
                    if (paths.Length != 1)
                    {
                        throw new UsageException("give either one service URL or snapshot files, not both");
                    }

                    var snapshots = result.GetValue(count);
                    var pause = result.GetValue(every);
                    var wait = result.GetValue(timeout);
                    if (snapshots is < LeakOptions.MinSnapshots or > SeriesAnalysis.MaxSnapshots || pause is < 0.1 or > 86_400 || wait is <= 0 or > 600)
                    {
                        throw new UsageException($"--count must be {LeakOptions.MinSnapshots} to {SeriesAnalysis.MaxSnapshots}, --every 0.1 to 86400 seconds, --timeout 0 to 600 seconds");
                    }

                    if (result.GetValue(pid) is { } id && (id <= 0 || !Directory.Exists($"/proc/{id}")))
                    {
                        throw new UsageException($"--pid {id}: no such process on this machine");
                    }

                    var directory = result.GetValue(save) ?? (temporary = Directory.CreateTempSubdirectory("gomem-leak-").FullName);
                    var client = new LiveServiceClient(TimeSpan.FromSeconds(wait), LiveServiceClient.DefaultMaxBodyBytes, note => context.Stderr.WriteLine("gomem: note: " + note));
                    new SnapshotSeriesCollector(ServiceUrl.Parse(paths[0]), client, line => context.Stderr.WriteLine("gomem: " + line), result.GetValue(pid), result.GetValue(states))
                        .Collect(directory, snapshots, TimeSpan.FromSeconds(pause));
                    paths = [directory];
                }

                LeakReport report;
                if (result.GetValue(store) is { } storePath)
                {
                    var to = DateTimeOffset.UtcNow;
                    var from = StoreSelection.Since(result.GetValue(since)!, to);
                    using var opened = StoreSelection.Open(storePath);
                    report = LeakAnalysis.Analyze(GoMem.Monitoring.Analysis.LeakPoint.Series(StoredLeakSource.Read(opened, storePath, result.GetValue(storeTarget), from, to)), options);
                }
                else
                {
                    var loaded = LeakSeriesSource.Load(paths, result.GetValue(interval));
                    report = LeakAnalysis.Analyze(loaded.Series, options, loaded.Skipped);
                }
                if (target.Format == "json" || target.Path is not null)
                {
                    foreach (var skipped in report.Skipped)
                    {
                        context.Stderr.WriteLine($"gomem: skipped {skipped.Problem}");
                    }

                    foreach (var note in report.Notes)
                    {
                        context.Stderr.WriteLine($"gomem: note: {note}");
                    }
                }

                target.Write(new Renderings()
                    .Text(w => LeakTextRenderer.Write(w, report))
                    .Json(s => LeakJsonRenderer.Write(s, report)));
                return report.Findings.Count > 0 ? ExitCodes.Finding : ExitCodes.Success;
            }
            finally
            {
                if (temporary is not null)
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }
        }));
        return command;
    }
}
