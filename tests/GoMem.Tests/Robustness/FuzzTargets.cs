using GoMem.Benchmarks;
using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Gate;
using GoMem.Benchmarks.Scaling;
using GoMem.Escape.Analysis;
using GoMem.Gc.Analysis;
using GoMem.Gc.Tuning;
using GoMem.Gc.WhatIf;
using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Config;
using GoMem.Profiles.Analysis;
using GoMem.RuntimeStats.Breakdown;
using GoMem.Sources;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Robustness;

/// <summary>
/// A parser under test: the real inputs its mutations start from (paths relative to the repository), and what a
/// command does with the file: the same source, parser and analysis calls the command makes, minus the rendering.
/// </summary>
/// <param name="Name">Short name, used for filters, results folders and testdata/fuzz/NAME/.</param>
/// <param name="Seeds">Real inputs, relative to the repository root.</param>
/// <param name="Run">Reads the file at the path (and analyses it); returns normally when the input is accepted.</param>
/// <param name="CiIterations">Cases in the fixed CI budget (scaled by GOMEM_FUZZ_ITERATIONS).</param>
/// <param name="CopySiblings">The file is read with the files beside it (a cgroup directory): the case runs in a copy of the seed's folder.</param>
/// <param name="Directory">Run is given the folder holding the file rather than the file.</param>
/// <param name="MayAskForSetting">
/// An <see cref="InvalidSettingException"/> naming the file is a refusal too: a /metrics page that holds several
/// processes makes explain ask which one (--target LABEL=VALUE), one line and exit 2, as for a real federated page.
/// </param>
internal sealed record FuzzTarget(string Name, string[] Seeds, Action<string> Run, int CiIterations, bool CopySiblings = false, bool Directory = false, bool MayAskForSetting = false)
{
    public override string ToString() => Name;
}

/// <summary>Every input parser the commands use, each driven the way its command drives it.</summary>
internal static class FuzzTargets
{
    private static readonly Lazy<IReadOnlyList<FuzzTarget>> Targets = new(Build);

    public static IReadOnlyList<FuzzTarget> All => Targets.Value;

    public static FuzzTarget Named(string name) => All.Single(t => t.Name == name);

    public static TheoryData<string> Names() => [.. All.Select(t => t.Name)];

    private static IReadOnlyList<FuzzTarget> Build()
    {
        const string gate = "testdata/bench-fidelity/base.txt";
        return
        [
            // top, traces, diff, flame, export profile, leak: ProfileSource sniffs gzip and proto vs legacy text.
            new("profile-proto", ["testdata/leakymap/heap.1.pb.gz", "testdata/cgoleak/allocs.1.pb.gz", "testdata/snapshot/heap.pb.gz", "testdata/goroutines/labelled.pb.gz", "testdata/escapedemo/v1/allocs.pb.gz"], Profile, 260),
            new("profile-legacy-heap", ["testdata/goroutineleak/heap.1.debug1.txt", "testdata/boundedcache/heap.1.debug1.txt"], Profile, 160),

            // goroutines, leak: one reader for debug=1, debug=2, crash logs and the goroutine profile.
            new("goroutines-debug1", ["testdata/churn/goroutine.1.debug1.txt", "testdata/goroutines/labelled.debug1.txt", "testdata/goroutines/goroutinedump.debug1.txt"], Goroutines, 300),
            new("goroutines-debug2", ["testdata/cgoleak/goroutine.1.debug2.txt", "testdata/goroutineleak/goroutine.1.debug2.txt", "testdata/goroutines/sigquit.crash.log"], Goroutines, 240),
            new("goroutines-proto", ["testdata/leakymap/goroutine.1.pb.gz", "testdata/goroutines/goroutinedump.pb.gz"], Goroutines, 260),

            // gc stats, gc whatif, gc tune --trace.
            new("gctrace", ["testdata/gc/gogc400.run1.log", "testdata/gc/forced.log", "testdata/gc/steady.log", "testdata/gc/gogcoff-limit250.run1.log"], GcTrace, 220),

            // explain (and doctor's bundle): every runtime file is sniffed, then parsed, then broken down.
            new("expvar", ["testdata/leakymap/vars.1.json", "testdata/snapshot/vars.json"], path => Explain(path), 300),
            new("prometheus", ["testdata/cgoleak/metrics.1.txt", "testdata/snapshot/metrics.txt"], path => Explain(path), 200, MayAskForSetting: true),
            new("openmetrics", ["testdata/cgoleak/metrics.1.openmetrics.txt", "testdata/snapshot/metrics.openmetrics.txt"], path => Explain(path), 200, MayAskForSetting: true),
            new("proc-status", ["testdata/cgoleak/status.1.txt", "testdata/snapshot/status.txt"], path => Explain("testdata/snapshot/vars.json", path), 300),
            new("smaps-rollup", ["testdata/cgoleak/smaps_rollup.1.txt", "testdata/snapshot/smaps_rollup.txt"], path => Explain("testdata/snapshot/vars.json", path), 300),
            new("cgroup", ["testdata/cgoleak/cgroup.1/memory.stat", "testdata/cgoleak/cgroup.1/memory.limit_in_bytes", "testdata/cgoleak/cgroup.1/memory.usage_in_bytes", "testdata/cgoleak/cgroup.1/VERSION"], path => Explain("testdata/cgoleak/vars.1.json", path), 300, CopySiblings: true, Directory: true),

            // bench compare, gate and scaling: the mutated file against the unmutated gate baseline.
            new("benchmarks", ["testdata/bench-alloc/v1.txt", gate, "testdata/bench-creep/run.1.txt", "testdata/bench-fidelity/cpu-spaces.txt", "testdata/bench-alloc/v2.json.gz"], path => Benchmarks(gate, path), 260),

            // escape summary and escape diff.
            new("escape", ["testdata/escapedemo/v1/m1.txt", "testdata/escapedemo/v1/m2.txt"], Escape, 200),

            // watch --config (with --check-config), watch --rules, gc tune --k8s.
            new("watch-config", ["testdata/watch/targets.yaml"], path => WatchConfigLoader.Check(path), 300),
            new("alert-rules", ["tests/golden/monitoring/alert-rules.yml"], path => AlertRuleFile.Load(path), 260),
            new("k8s-manifest", ["testdata/gc/k8s/services.yaml"], KubernetesManifest, 300),
        ];
    }

    private static string Repo(string relative) => Path.Combine(RepoPaths.Root, relative);

    private static void Profile(string path)
    {
        var profile = ProfileSource.Read(path);
        TopReport.Analyze(profile, new ReportOptions());
        FlameGraph.Analyze(profile, new ReportOptions());
    }

    private static void Goroutines(string path) => GoroutineReport.Analyze(GoroutineDumpSource.Read(path));

    private static void GcTrace(string path)
    {
        var trace = GcTraceSource.Read([path]);
        GcStatsAnalysis.Analyze(trace);
        var baseline = WhatIfBaseline.Analyze(trace);
        WhatIfAnalysis.Analyze(baseline, new PacerSettings(200, null, null, WorkloadKind.Service));
        WhatIfAnalysis.Analyze(baseline, new PacerSettings(null, 256L << 20, null, WorkloadKind.Service, 19));
    }

    /// <summary>gomem explain FILES: the collector sniffs each file, and the breakdown is made from what it read.</summary>
    private static void Explain(params string[] paths)
    {
        var client = new LiveServiceClient(TimeSpan.FromSeconds(1), RuntimeEvidenceCollector.MaxBodyBytes);
        var collector = new RuntimeEvidenceCollector(client, []);
        foreach (var path in paths)
        {
            collector.AddPath(Path.IsPathRooted(path) ? path : Repo(path));
        }

        foreach (var snapshot in collector.Snapshots.Where(s => s.Builder.HasRuntimeFigures))
        {
            MemoryBreakdownAnalysis.Analyze(snapshot.Builder.Build());
        }
    }

    private static readonly Lazy<BenchmarkFile> GateBaseline = new(() => BenchmarkSources.Read([Repo("testdata/bench-fidelity/base.txt")])[0]);

    private static void Benchmarks(string baseline, string path)
    {
        var old = baseline == "testdata/bench-fidelity/base.txt" ? GateBaseline.Value : BenchmarkSources.Read([Repo(baseline)])[0];
        var mutated = BenchmarkSources.Read([path])[0];
        var comparison = ComparisonAnalysis.Analyze([old, mutated], new CompareOptions());
        GateAnalysis.Analyze(comparison, GateThreshold.Defaults);
        ComparisonAnalysis.Analyze([mutated], new CompareOptions());
        ScalingAnalysis.Analyze([mutated]);
    }

    private static readonly Lazy<GoMem.Escape.EscapeLog> EscapeBaseline = new(() => EscapeLogSource.Read(Repo("testdata/escapedemo/v2/m2.txt")));

    private static void Escape(string path)
    {
        var log = EscapeLogSource.Read(path);
        EscapeSummaryAnalysis.Analyze(log);
        EscapeDiffAnalysis.Analyze(EscapeBaseline.Value, log);
    }

    /// <summary>gc tune --k8s: every container of the manifest is advised on (the command reports each refusal and goes on).</summary>
    private static void KubernetesManifest(string path)
    {
        var evidence = TuningSources.Evidence(null, null, null, 100);
        foreach (var container in TuningSources.FromManifest(path))
        {
            try
            {
                GcTuningAnalysis.Analyze(container, evidence, TuningGoal.General);
            }
            catch (BadInputException)
            {
                // gc tune prints the container's refusal as one line and advises the others.
            }
        }
    }
}
