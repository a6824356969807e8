using System.Globalization;
using GoMem.Output.Text;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem history</c>: per target, a table of its runtime samples (RSS, heap, next GC, stacks, goroutines, GC CPU,
/// pause p99) with its events (restarts, down and up) in time order; unknown figures print as "-".
/// </summary>
public static class StoredSeriesTextRenderer
{
    public static void Write(TextWriter w, IReadOnlyList<StoredSeries> series)
    {
        foreach (var s in series)
        {
            w.Write($"{s.Target.Job}/{s.Target.Instance} {s.Target.Labels} ({s.Target.Health.State.ToString().ToLowerInvariant()}): {s.Samples.Count} samples, {s.Events.Count} events\n");
            var right = new TextColumn(TextTable.Align.Right, "  ");
            var table = new TextTable(new TextColumn(), right, right, right, right, right, right, right, right);
            table.AddRow("time", "rss", "heap alloc", "heap inuse", "next gc", "stacks", "goroutines", "gc cpu", "pause p99");
            var events = new Queue<TargetEvent>(s.Events);
            foreach (var sample in s.Samples)
            {
                while (events.TryPeek(out var e) && e.Time <= sample.Time)
                {
                    Event(table, events.Dequeue());
                }

                table.AddRow(
                    Stamp(sample.Time),
                    Bytes(sample.RssBytes),
                    Bytes(sample.HeapAllocBytes),
                    Bytes(sample.HeapInuseBytes),
                    Bytes(sample.NextGcBytes),
                    Bytes(sample.StackInuseBytes),
                    sample.Goroutines?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    sample.GcCpuFraction is { } cpu ? HumanText.Percent(cpu) : "-",
                    sample.PauseP99Seconds is { } p99 ? HumanText.Duration(p99) : "-");
            }

            while (events.TryDequeue(out var e))
            {
                Event(table, e);
            }

            table.WriteTo(w);
            w.Write("\n");
        }
    }

    private static void Event(TextTable table, TargetEvent e) => table.Row().Cell(Stamp(e.Time)).Span(8, $"  {e.Kind}: {e.Detail}", TextTable.Align.Left, "");

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Bytes(long? value) => value is { } bytes ? HumanText.Bytes(bytes) : "-";
}
