using System.Globalization;
using GoMem.Goroutines;

namespace GoMem.Output.Goroutines;

/// <summary>Writes a <see cref="GoroutineReport"/> for people: a summary, then each group with its states and stack.</summary>
public static class GoroutineTextRenderer
{
    public static void Write(TextWriter writer, GoroutineReport report)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine($"Goroutines: {report.Total.ToString(c)} in {report.Source} ({GoroutineText.FormatName(report.Format)})");
        if (report.Truncated)
        {
            writer.WriteLine("Warning: the dump ends inside a goroutine: it was cut short (Go writes at most 64 MB of ?debug=2 stacks)");
        }

        writer.WriteLine($"Shown: {report.Shown.ToString(c)} in {(report.Groups.Count + report.OmittedGroups).ToString(c)} groups by {GoroutineText.GroupingName(report.Grouping)}; hidden: {report.HiddenRuntime.ToString(c)} of the runtime, {report.HiddenIgnored.ToString(c)} with an ignored top function");
        if (report.HasStates)
        {
            writer.WriteLine("States: " + States(report.States));
        }
        else
        {
            writer.WriteLine("States: not in this format (use ?debug=2 for states, wait times and creators)");
        }

        if (report.Threads.Count + report.MoreThreads > 0)
        {
            writer.WriteLine($"Threads: {(report.Threads.Count + report.MoreThreads).ToString(c)} (goroutine 0: a thread's own g0 or signal stack, not counted as a goroutine)");
        }

        foreach (var group in report.Groups)
        {
            writer.WriteLine();
            var line = $"{group.Count.ToString(c)} goroutine{(group.Count == 1 ? "" : "s")}: {group.Key}";
            if (group.Labels.Length > 0)
            {
                line += $"  {{{group.Labels}}}";
            }

            if (report.HasStates)
            {
                line += $"  [{States(group.States)}]";
            }

            if (group.MaxWaitMinutes is { } max)
            {
                var min = group.MinWaitMinutes ?? max;
                line += min == max ? $"  waiting {max.ToString(c)} min" : $"  waiting {min.ToString(c)}-{max.ToString(c)} min";
            }

            if (group.LockedToThread > 0)
            {
                line += $"  {group.LockedToThread.ToString(c)} locked to thread";
            }

            if (group.DistinctStacks > 1)
            {
                line += $"  ({group.DistinctStacks.ToString(c)} stacks; the largest shown)";
            }

            writer.WriteLine(line);
            foreach (var frame in group.Stack)
            {
                writer.WriteLine("    " + FrameText(frame));
            }

            if (group.CreatedBy is { } creator)
            {
                writer.WriteLine("  created by " + FrameText(creator));
            }

            WriteAncestries(writer, group);
        }

        if (report.OmittedGroups > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"... {report.OmittedGroups.ToString(c)} smaller groups not shown (--top 0 shows all)");
        }

        WriteThreads(writer, report);
    }

    /// <summary>One line per thread: its m, the signal of its section, its state and where it was (the first frame past parking).</summary>
    private static void WriteThreads(TextWriter writer, GoroutineReport report)
    {
        if (report.Threads.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("Threads (goroutine 0):");
        foreach (var thread in report.Threads)
        {
            var top = GoroutineFrames.TopFunction(thread.Frames);
            var where = thread.Frames.FirstOrDefault(f => f.Function == top);
            string[] parts =
            [
                thread.M is { } m ? "m=" + m.ToString(CultureInfo.InvariantCulture) : "m=?",
                thread.Signal,
                $"[{(thread.State.Length == 0 ? "unknown" : thread.State)}]",
                where is null ? "(no frames)" : FrameText(where),
            ];
            writer.WriteLine("  " + string.Join("  ", parts.Where(p => p.Length > 0)));
        }

        if (report.MoreThreads > 0)
        {
            writer.WriteLine($"  ... {report.MoreThreads.ToString(CultureInfo.InvariantCulture)} more threads not kept");
        }
    }

    /// <summary>
    /// The lines of descent (GODEBUG=tracebackancestors) as the runtime prints them after "created by": each ancestor's
    /// stack under "originating from goroutine N", with its own creator; a header per line of descent when there are several.
    /// </summary>
    private static void WriteAncestries(TextWriter writer, GoroutineGroup group)
    {
        var c = CultureInfo.InvariantCulture;
        var several = group.Ancestries.Count > 1 || group.UnlistedAncestries > 0;
        foreach (var ancestry in group.Ancestries)
        {
            if (several)
            {
                writer.WriteLine($"  ancestry of {ancestry.Count.ToString(c)} goroutine{(ancestry.Count == 1 ? "" : "s")}:");
            }

            foreach (var ancestor in ancestry.Ancestors)
            {
                var ids = string.Join(", ", ancestor.GoroutineIds.Select(id => id.ToString(c))) + (ancestor.MoreGoroutineIds ? ", ..." : "");
                writer.WriteLine($"  originating from goroutine{(ancestor.GoroutineIds.Count == 1 && !ancestor.MoreGoroutineIds ? "" : "s")} {ids}:");
                foreach (var frame in ancestor.Frames)
                {
                    writer.WriteLine("    " + FrameText(frame));
                }

                if (ancestor.CreatedBy is { } creator)
                {
                    writer.WriteLine("  created by " + FrameText(creator));
                }
            }
        }

        if (group.UnlistedAncestries > 0)
        {
            writer.WriteLine($"  ({group.UnlistedAncestries.ToString(c)} more goroutine{(group.UnlistedAncestries == 1 ? "" : "s")} of other ancestries, not listed)");
        }
    }

    /// <summary>"function  file:line"; without a line (a C frame's "pc=0x..."), "function  file".</summary>
    private static string FrameText(GoroutineFrame frame) =>
        frame.Line > 0 ? $"{frame.Function}  {frame.File}:{frame.Line.ToString(CultureInfo.InvariantCulture)}"
        : frame.File.Length > 0 ? $"{frame.Function}  {frame.File}" : frame.Function;

    private static string States(IReadOnlyList<StateCount> states) =>
        string.Join(", ", states.Select(s => $"{(s.State.Length == 0 ? "unknown" : s.State)} {s.Count.ToString(CultureInfo.InvariantCulture)}"));
}
