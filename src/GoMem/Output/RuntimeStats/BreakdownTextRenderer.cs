using System.Globalization;
using System.Text;
using GoMem.Findings;
using GoMem.Output.Text;
using GoMem.Profiles;
using GoMem.RuntimeStats.Breakdown;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.RuntimeStats;

/// <summary>Writes a <see cref="MemoryBreakdown"/> for people: the tree with bytes and % of RSS, derived figures, findings.</summary>
public static class BreakdownTextRenderer
{
    /// <summary>The tree's labels in 78 columns, then bytes and % of RSS right-aligned (a longer label pushes its own row).</summary>
    private static readonly TextColumn[] TreeColumns =
    [
        new(TextTable.Align.Left, "", 78, Fixed: true),
        new(TextTable.Align.Right, " ", 10, Fixed: true),
        new(TextTable.Align.Right, " ", 7, Fixed: true),
    ];

    public static void Write(TextWriter writer, MemoryBreakdown breakdown)
    {
        if (breakdown.Sources.Count > 0)
        {
            writer.Write("Sources: " + string.Join(", ", breakdown.Sources) + "\n\n");
        }

        var tree = new TextTable(TreeColumns);
        Collect(breakdown.Root, "", "", tree);
        tree.WriteTo(writer);

        writer.Write('\n');
        foreach (var line in DerivedFigures(breakdown))
        {
            writer.Write(line);
            writer.Write('\n');
        }

        if (breakdown.Findings.Count > 0)
        {
            writer.Write("\nFindings:\n");
            foreach (var finding in breakdown.Findings)
            {
                writer.Write($"  {finding.Severity.Label()} [{finding.Code}] {finding.Title}\n");
            }
        }

        if (breakdown.MissingInputs.Count > 0)
        {
            writer.Write("\nNot shown for lack of input:\n");
            foreach (var missing in breakdown.MissingInputs)
            {
                writer.Write("  - " + missing + "\n");
            }
        }
    }

    private static void Collect(BreakdownNode node, string indent, string branch, TextTable tree)
    {
        var percent = node.PercentOfRss is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";
        tree.AddRow(indent + branch + node.Label, Bytes(node.Bytes), percent);
        var childIndent = indent + (branch.Length == 0 ? "" : branch == "└─ " ? "   " : "│  ");
        for (var i = 0; i < node.Children.Count; i++)
        {
            Collect(node.Children[i], childIndent, i == node.Children.Count - 1 ? "└─ " : "├─ ", tree);
        }
    }

    /// <summary>The one-line derived figures (only those the inputs allow).</summary>
    private static List<string> DerivedFigures(MemoryBreakdown b)
    {
        var lines = new List<string>();
        var heap = new StringBuilder($"Heap: {Bytes(b.HeapAllocBytes)} allocated, next GC at {Bytes(b.NextGcBytes)} (headroom {Bytes(b.HeadroomToNextGcBytes)})");
        if (b.LiveHeapEstimateBytes is { } live)
        {
            heap.Append($"; live at the last GC about {Bytes(live)}, garbage since about {Bytes(b.GarbageEstimateBytes ?? 0)}");
        }

        lines.Add(heap.ToString());
        if (b.ProfileInuseBytes is { } profile)
        {
            lines.Add($"Heap profile (inuse_space): {Bytes(profile)}, live objects as of the last completed GC, sampled");
        }

        var figures = new List<string>();
        if (b.FragmentationRatio is { } fragmentation)
        {
            figures.Add($"fragmentation {FinePercent(fragmentation)} of in-use spans");
        }

        if (b.AverageObjectBytes is { } average)
        {
            figures.Add($"average object {Bytes((long)Math.Round(average))}");
        }

        if (b.GcCpuFraction is { } cpu)
        {
            figures.Add($"GC CPU {FinePercent(cpu)} since start");
        }

        if (figures.Count > 0)
        {
            lines.Add(Capitalize(string.Join(", ", figures)));
        }

        if (b.Pauses is { } pauses)
        {
            lines.Add(pauses.P99Seconds is { } p99
                ? $"GC pauses (last {pauses.Count}): p50 {Seconds(pauses.P50Seconds)}, p99 {Seconds(p99)}, max {Seconds(pauses.MaxSeconds)}"
                : $"GC pauses (last {pauses.Count}, {pauses.Source}): p50 {Seconds(pauses.P50Seconds)}, max {Seconds(pauses.MaxSeconds)}");
        }

        if (b.PeakRssBytes is { } peak && b.RssBytes is { } now)
        {
            lines.Add($"Peak RSS (VmHWM): {Bytes(peak)}, now {Bytes(now)}");
        }

        if (b.LimitBytes is { } limit)
        {
            lines.Add($"Memory limit: {Bytes(limit)}, headroom {Bytes(b.HeadroomToLimitBytes ?? 0)}");
        }

        if (b.Rates is { SpanSeconds: > 0 } rates)
        {
            var parts = new List<string>();
            if (rates.AllocBytesPerSecond is { } alloc)
            {
                parts.Add($"allocating {Bytes((long)Math.Round(alloc))}/s");
            }

            if (rates.GcPerMinute is { } gcs)
            {
                parts.Add($"{gcs.ToString("0.##", CultureInfo.InvariantCulture)} GCs/min");
            }

            parts.Add($"HeapAlloc {Signed(rates.HeapAllocGrowthBytesPerMinute)}/min");
            if (rates.RssGrowthBytesPerMinute is { } rss)
            {
                parts.Add($"RSS {Signed(rss)}/min");
            }

            lines.Add($"Rates over {rates.Snapshots} snapshots ({rates.SpanSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s): {string.Join(", ", parts)}");
        }

        foreach (var restart in b.Rates?.Restarts ?? [])
        {
            lines.Add("Restart: " + restart);
        }

        if (b.TopSizeClasses.Count > 0)
        {
            var classes = b.TopSizeClasses.Take(4).Select(c => $"{Bytes(c.ObjectSize)} × {c.LiveObjects.ToString(CultureInfo.InvariantCulture)} = {Bytes(c.LiveBytes)} ({c.PercentOfHeapAlloc.ToString("0.#", CultureInfo.InvariantCulture)}%)");
            lines.Add("Size classes holding the heap: " + string.Join("; ", classes));
        }

        return lines;
    }

    /// <summary>Finer than <see cref="HumanText.Percent"/>: up to three decimals under 1%, one from there.</summary>
    private static string FinePercent(double fraction) => (fraction * 100).ToString(fraction < 0.01 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + "%";

    private static string Seconds(double seconds) => PprofText.ScaledLabel(SampleUnits.Scale((long)Math.Round(seconds * 1e9), "nanoseconds", "minimum"));

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
