using GoMem.Gc.Model;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Gc;

/// <summary>One cycle in one line, for <c>gomem gc stats --follow</c>.</summary>
public static class GcCycleTextRenderer
{
    /// <summary>One new cycle, in a line: what someone watching a live log wants to see.</summary>
    public static void Write(TextWriter writer, GcCycle c)
    {
        var mib = 1L << 20;
        var mark = c.MarkCpuMs > 0 ? c.AssistCpuMs / c.MarkCpuMs : 0;
        var trigger = c.Trigger == GcTrigger.Heap ? "" : c.Trigger == GcTrigger.Forced ? "  (forced)" : "  (periodic)";
        writer.Write(FormattableString.Invariant($"gc {c.Number} @{c.StartSeconds:0.000}s  pause {Duration(c.PauseMs / 1000)}  mark {Duration(c.ConcurrentMarkMs / 1000)}  heap {c.HeapStartBytes / mib}->{c.HeapEndBytes / mib}->{c.LiveBytes / mib} MiB  goal {(c.HasGoal ? $"{c.GoalBytes >> 20} MiB" : "none (GC off)")}  assist {Percent(mark)}  GC CPU {c.CpuPercentSinceStart}%{trigger}\n"));
    }
}
