using System.Globalization;
using GoMem.Monitoring.Retention;
using GoMem.Output.Text;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem history</c>: per target, a table of its runtime samples (RSS, heap, next GC, stacks, goroutines, GC CPU,
/// pause p99) with its events (restarts, down and up) in time order; unknown figures print as "-". When retention
/// rolled older samples up, each stretch of one resolution gets its own table, headed by its resolution: a rollup row
/// shows each figure's average over its span, and the span's peak RSS beside it.
/// </summary>
public static class StoredSeriesTextRenderer
{
    public static void Write(TextWriter w, IReadOnlyList<StoredSeries> series)
    {
        foreach (var s in series)
        {
            w.Write($"{s.Target.Job}/{s.Target.Instance} {s.Target.Labels} ({s.Target.Health.State.ToString().ToLowerInvariant()}): {s.Samples.Count} samples{RollupCounts(s)}, {s.Events.Count} events\n");
            var events = new Queue<TargetEvent>(s.Events);
            var stretches = s.Stretches;
            if (stretches.Count == 0)
            {
                stretches = [new SeriesStretch(null, s.From, s.To, 0, 0)];
            }

            for (var k = 0; k < stretches.Count; k++)
            {
                var stretch = stretches[k];
                var rollups = stretch.Resolution is not null;
                if (s.Rollups.Count > 0)
                {
                    w.Write(rollups
                        ? $"resolution {RetentionTiers.Format(stretch.Resolution!.Value)}, {Stamp(stretch.From)} to {Stamp(stretch.To)}: {stretch.Count} rollups, each row a span's average, its peak RSS beside it\n"
                        : $"resolution raw, {Stamp(stretch.From)} to {Stamp(stretch.To)}: every sample\n");
                }

                var table = Table(rollups);
                for (var i = stretch.First; i < stretch.First + stretch.Count; i++)
                {
                    var time = rollups ? s.Rollups[i].Time : s.Samples[i].Time;
                    while (events.TryPeek(out var e) && e.Time <= time)
                    {
                        Event(table, events.Dequeue(), rollups);
                    }

                    if (rollups)
                    {
                        Row(table, s.Rollups[i]);
                    }
                    else
                    {
                        Row(table, s.Samples[i]);
                    }
                }

                while (k == stretches.Count - 1 && events.TryDequeue(out var e))
                {
                    Event(table, e, rollups);
                }

                table.WriteTo(w);
            }

            w.Write("\n");
        }
    }

    private static string RollupCounts(StoredSeries s) => s.Rollups.Count == 0
        ? ""
        : ", " + string.Join(", ", s.Rollups.GroupBy(r => r.Resolution).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {RetentionTiers.Format(g.Key)} rollups"));

    private static TextTable Table(bool rollups)
    {
        var right = new TextColumn(TextTable.Align.Right, "  ");
        var columns = new List<TextColumn> { new(), right, right, right, right, right, right, right, right };
        if (rollups)
        {
            columns.Insert(2, right);
        }

        var table = new TextTable([.. columns]);
        table.AddRow(rollups
            ? ["span", "rss", "rss max", "heap alloc", "heap inuse", "next gc", "stacks", "goroutines", "gc cpu", "pause p99"]
            : ["time", "rss", "heap alloc", "heap inuse", "next gc", "stacks", "goroutines", "gc cpu", "pause p99"]);
        return table;
    }

    private static void Row(TextTable table, RuntimeSample sample) => table.AddRow(
        Stamp(sample.Time),
        Bytes(sample.RssBytes),
        Bytes(sample.HeapAllocBytes),
        Bytes(sample.HeapInuseBytes),
        Bytes(sample.NextGcBytes),
        Bytes(sample.StackInuseBytes),
        sample.Goroutines?.ToString(CultureInfo.InvariantCulture) ?? "-",
        sample.GcCpuFraction is { } cpu ? HumanText.Percent(cpu) : "-",
        sample.PauseP99Seconds is { } p99 ? HumanText.Duration(p99) : "-");

    private static void Row(TextTable table, RuntimeRollup rollup) => table.AddRow(
        Stamp(rollup.Time),
        Bytes(rollup[RuntimeGauge.Rss]?.Average),
        Bytes(rollup[RuntimeGauge.Rss]?.Max),
        Bytes(rollup[RuntimeGauge.HeapAlloc]?.Average),
        Bytes(rollup[RuntimeGauge.HeapInuse]?.Average),
        Bytes(rollup[RuntimeGauge.NextGc]?.Average),
        Bytes(rollup[RuntimeGauge.StackInuse]?.Average),
        rollup[RuntimeGauge.Goroutines] is { } goroutines ? goroutines.Average.ToString("0.#", CultureInfo.InvariantCulture) : "-",
        rollup[RuntimeGauge.GcCpuFraction] is { } cpu ? HumanText.Percent(cpu.Average) : "-",
        rollup[RuntimeGauge.PauseP99] is { } p99 ? HumanText.Duration(p99.Average) : "-");

    private static void Event(TextTable table, TargetEvent e, bool rollups) =>
        table.Row().Cell(Stamp(e.Time)).Span(rollups ? 9 : 8, $"  {e.Kind}: {e.Detail}", TextTable.Align.Left, "");

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Bytes(long? value) => value is { } bytes ? HumanText.Bytes(bytes) : "-";

    private static string Bytes(double? value) => value is { } bytes ? HumanText.Bytes((long)Math.Round(bytes)) : "-";
}
