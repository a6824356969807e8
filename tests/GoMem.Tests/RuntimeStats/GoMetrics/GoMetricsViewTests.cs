using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GoMem.IO;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.GoMetrics;

public sealed class GoMetricsViewTests
{
    public static TheoryData<string> SnapshotMetrics() => ["metrics.txt", "metrics.openmetrics.txt"];

    public static TheoryData<string> MetricsFiles() => RuntimeStatsFixtures.Files("metrics*.txt");

    /// <summary>testdata/snapshot: vars.json and both metrics pages come from one runtime.MemStats reading.</summary>
    [Theory]
    [MemberData(nameof(SnapshotMetrics))]
    public void Snapshot_memstats_from_vars_and_from_metrics_are_equal_field_by_field(string metricsFile)
    {
        var vars = ExpvarParser.ParseFile(RepoPaths.Scenario("snapshot", "vars.json")).MemStats!;
        var exposition = PrometheusTextParser.ParseFile(RepoPaths.Scenario("snapshot", metricsFile));

        // The raw samples: each equals its MemStats field as client_golang computes it (exact float64 arithmetic).
        var carried = 0;
        foreach (var metric in GoMemStatsMetrics.All)
        {
            var samples = exposition.FindSamples(metric.SampleName);
            if (samples.Count == 0)
            {
                continue;
            }

            carried++;
            var expected = GoMemStatsMetrics.ExpectedValue(vars, metric);
            Assert.True(expected == Assert.Single(samples).Value, $"{metric.SampleName} is {samples[0].Value}, vars.json gives {expected}");
        }

        // The snapshot exporter writes every go_memstats_* name client_golang has had, go_memstats_gc_cpu_fraction included.
        Assert.True(GoMemStatsMetrics.All.Count == carried, $"carried {carried} of {GoMemStatsMetrics.All.Count}");

        // The typed view: every field the metrics carry equals vars.json's (LastGC to the microsecond: it went through seconds).
        var fromMetrics = GoMetricsView.Create(exposition).MemStats!;
        Assert.True(carried == fromMetrics.Fields.Count, $"view has {string.Join(",", fromMetrics.Fields)}");
        foreach (var field in fromMetrics.Fields.Where(f => f != MemStatsField.GCCPUFraction))
        {
            var viaMetrics = Field(fromMetrics, field);
            var viaVars = vars.GetInteger(field);
            if (field == MemStatsField.LastGC)
            {
                Assert.InRange((double)viaMetrics, viaVars - 1000.0, viaVars + 1000.0);
            }
            else
            {
                Assert.True(viaVars == viaMetrics, $"{field}: vars.json {viaVars}, metrics {viaMetrics}");
            }
        }

        Assert.Equal(vars.GCCPUFraction, fromMetrics.GCCPUFraction);

        // What no metric carries.
        Assert.Equal(["PauseNs", "PauseEnd", "BySize", "NumForcedGC", "EnableGC", "DebugGC"], GoMemStatsMetrics.NotInMetrics);
        Assert.DoesNotContain(MemStatsField.NumForcedGC, fromMetrics.Fields);
    }

    [Theory]
    [MemberData(nameof(SnapshotMetrics))]
    public void Snapshot_gc_pause_quantiles_are_the_order_statistics_of_the_pause_ring(string metricsFile)
    {
        var vars = ExpvarParser.ParseFile(RepoPaths.Scenario("snapshot", "vars.json")).MemStats!;
        var view = GoMetricsView.Create(PrometheusTextParser.ParseFile(RepoPaths.Scenario("snapshot", metricsFile)));

        // runtime/debug.ReadGCStats: sorted recent pauses, quantile i of 4 at index len*i/4, the last one the maximum.
        var sorted = GcPauseHistory.Recent(vars).Select(p => p.PauseNs).Order().ToArray();
        var expected = new[] { sorted[0], sorted[sorted.Length / 4], sorted[sorted.Length * 2 / 4], sorted[sorted.Length * 3 / 4], sorted[^1] };
        var summary = view.GcDuration!;
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], summary.Quantiles.Select(q => q.Quantile));
        Assert.Equal(expected.Select(ns => ns / 1e9), summary.Quantiles.Select(q => q.Seconds));
        Assert.Equal(vars.PauseTotalNs / 1e9, summary.SumSeconds);
        Assert.Equal(vars.NumGC, summary.Count);
    }

    [Theory]
    [MemberData(nameof(MetricsFiles))]
    public void Every_captured_page_gives_a_full_view(string file)
    {
        var exposition = PrometheusTextParser.ParseFile(RuntimeStatsFixtures.FullPath(file));
        var target = Assert.Single(GoMetricsView.ListTargets(exposition));
        Assert.Equal("{}", target.Key);
        var view = GoMetricsView.Create(exposition);
        Assert.Equal(target, view.Target);

        // Each typed value is the sample of that name (independent lookup in the file text).
        var text = File.ReadAllText(RuntimeStatsFixtures.FullPath(file));
        Assert.Equal(Value(text, "go_gc_heap_goal_bytes"), view.HeapGoalBytes);
        Assert.Equal(Value(text, "go_sched_goroutines_goroutines"), view.Goroutines);
        Assert.Equal(Value(text, "go_threads"), view.Threads);
        Assert.Equal(Value(text, "process_resident_memory_bytes"), view.ProcessResidentMemoryBytes);
        Assert.Equal(Value(text, "process_virtual_memory_bytes"), view.ProcessVirtualMemoryBytes);
        Assert.Equal(Value(text, "process_virtual_memory_max_bytes"), view.ProcessVirtualMemoryMaxBytes);
        Assert.Equal(Value(text, "process_start_time_seconds"), view.ProcessStartTimeSeconds);
        Assert.Equal("go1.19.8", view.GoVersion);
        Assert.Null(view.HeapLiveBytes); // Go 1.21+
        Assert.Null(view.GogcPercent);
        Assert.Null(view.GoMemLimitBytes);

        var classes = Regex.Matches(text, @"^go_memory_classes_\w+_bytes(?= )", RegexOptions.Multiline).Select(m => m.Value).ToArray();
        Assert.Equal(classes.Order(StringComparer.Ordinal), view.MemoryClasses.Keys);
        Assert.Equal(
            view.MemoryClasses["go_memory_classes_total_bytes"],
            view.MemoryClasses.Where(c => c.Key != "go_memory_classes_total_bytes").Sum(c => c.Value));

        var memStats = view.MemStats!;
        Assert.Equal((ulong)Value(text, "go_memstats_heap_inuse_bytes")!, memStats.HeapInuse);
        Assert.Equal(memStats.Sys, memStats.HeapSys + memStats.StackSys + memStats.MSpanSys + memStats.MCacheSys + memStats.BuckHashSys + memStats.GCSys + memStats.OtherSys);
    }

    [Fact]
    public void Several_processes_in_one_exposition_are_listed_and_selectable()
    {
        // A federation-style page built from two real captures: each sample line gets its process's labels.
        var merged = WithTarget("leakymap-explain/metrics.2.txt", "job=\"leakymap\",instance=\"127.0.0.1:1\"") +
                     WithTarget("cgoleak/metrics.2.txt", "job=\"cgoleak\",instance=\"127.0.0.1:2\"");
        var exposition = PrometheusTextParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(merged)), "federate.txt");

        var targets = GoMetricsView.ListTargets(exposition);
        Assert.Equal(["{instance=\"127.0.0.1:1\",job=\"leakymap\"}", "{instance=\"127.0.0.1:2\",job=\"cgoleak\"}"], targets.Select(t => t.Key));
        var ambiguous = Assert.Throws<AmbiguousMetricsTargetException>(() => GoMetricsView.Create(exposition));
        Assert.Equal(targets, ambiguous.Targets);

        var cgoleak = targets.Single(t => t.Matches([new MetricLabel("job", "cgoleak")]));
        Assert.False(cgoleak.Matches([new MetricLabel("job", "cgoleak"), new MetricLabel("pod", "x")]));
        var view = GoMetricsView.Create(exposition, cgoleak);
        var alone = GoMetricsView.Create(PrometheusTextParser.ParseFile(RepoPaths.Scenario("cgoleak", "metrics.2.txt")));
        Assert.Equal(alone.MemStats!.HeapAlloc, view.MemStats!.HeapAlloc);
        Assert.Equal(alone.ProcessResidentMemoryBytes, view.ProcessResidentMemoryBytes);
        Assert.Equal(alone.GcDuration!.Quantiles, view.GcDuration!.Quantiles);
        Assert.Equal(alone.MemoryClasses, view.MemoryClasses);
    }

    [Fact]
    public void An_exposition_without_go_metrics_gives_an_empty_view()
    {
        var exposition = PrometheusTextParser.Parse(new MemoryStream("# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 5\n"u8.ToArray()), "app.txt");
        Assert.Empty(GoMetricsView.ListTargets(exposition));
        var view = GoMetricsView.Create(exposition);
        Assert.Null(view.MemStats);
        Assert.Null(view.GcDuration);
        Assert.Empty(view.MemoryClasses);
    }

    [Theory]
    [InlineData("go_memstats_heap_alloc_bytes -1\n", "go_memstats_heap_alloc_bytes is -1, which is not a valid HeapAlloc")]
    [InlineData("go_memstats_heap_alloc_bytes 1.5\n", "is 1.5, which is not a valid HeapAlloc")]
    [InlineData("go_memstats_heap_alloc_bytes NaN\n", "is NaN")]
    [InlineData("go_memstats_heap_alloc_bytes 1e20\n", "is 1E+20, which is not a valid HeapAlloc")]
    [InlineData("go_gc_duration_seconds_count 5e9\n", "which is not a valid NumGC")]
    [InlineData("go_memstats_heap_alloc_bytes 1\ngo_memstats_heap_alloc_bytes 2\n", "a second go_memstats_heap_alloc_bytes sample for target {} (first on line 1)")]
    public void Impossible_values_are_bad_input_naming_the_line(string text, string problem)
    {
        var exposition = PrometheusTextParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "m.txt");
        var e = Assert.Throws<BadInputException>(() => GoMetricsView.Create(exposition));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '\n'), e.LineNumber);
    }

    [Fact]
    public void Values_above_long_max_are_kept()
    {
        var exposition = PrometheusTextParser.Parse(new MemoryStream("go_memstats_alloc_bytes_total 1.8446744073709552e+19\ngo_memstats_mallocs_total 9.3e18\n"u8.ToArray()), "m.txt");
        var stats = GoMetricsView.Create(exposition).MemStats!;
        Assert.Equal(ulong.MaxValue, stats.TotalAlloc);
        Assert.Equal(9_300_000_000_000_000_000UL, stats.Mallocs);
    }

    private static ulong Field(MetricsMemStats stats, MemStatsField field)
    {
        var property = typeof(MetricsMemStats).GetProperty(field.ToString())!;
        return Convert.ToUInt64(property.GetValue(stats), CultureInfo.InvariantCulture);
    }

    private static double? Value(string exposition, string name)
    {
        var match = Regex.Match(exposition, $"^{name} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The capture with <paramref name="labels"/> added to every sample line (as Prometheus federation does).</summary>
    private static string WithTarget(string file, string labels)
    {
        var builder = new StringBuilder();
        foreach (var line in File.ReadAllLines(RuntimeStatsFixtures.FullPath(file)))
        {
            if (line.StartsWith('#'))
            {
                builder.Append(line).Append('\n');
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var head = line[..space];
            builder.Append(head.EndsWith('}') ? $"{head[..^1]},{labels}}}" : $"{head}{{{labels}}}").Append(line[space..]).Append('\n');
        }

        return builder.ToString();
    }
}
