using System.Buffers.Text;
using System.Runtime.CompilerServices;
using GoMem.Gc.Model;

namespace GoMem.Gc.Parsing;

/// <summary>What one log line turned out to be.</summary>
internal enum GcLineKind
{
    /// <summary>Not a GC cycle line (application output, scavenger, pacer...).</summary>
    Other,

    /// <summary>A GC cycle, read.</summary>
    Cycle,

    /// <summary>Starts like a GC cycle line (<c>gc N @</c>) but its fields could not be read.</summary>
    Malformed,
}

/// <summary>
/// Reads one <c>gctrace</c> line, field by field rather than with one fixed pattern: fields are told apart by their
/// unit words (<c>ms clock</c>, <c>ms cpu</c>, <c>MB goal</c>, <c>MB stacks</c>, <c>P</c>...), so the layouts of
/// Go 1.5 to today all read, and a field a future runtime adds is skipped instead of failing the line.
/// The line may carry a prefix (a log timestamp, a container runtime's tag): the cycle starts at <c>gc N @</c>.
/// </summary>
internal static class GcTraceLine
{
    private const long Mebibyte = 1L << 20;

    /// <summary>The largest goal the runtime can print: a uint64 byte count in whole MiB (GOGC=off before Go 1.19).</summary>
    private const ulong MaxGoalMebibytes = ulong.MaxValue >> 20;

    /// <summary>
    /// The largest heap, stack or globals figure read: every byte count of a 64-bit address space that fits an int64.
    /// No runtime maps more (48 to 57 address bits), so only the goal, which is not memory, needs more.
    /// </summary>
    private const long MaxMemoryMebibytes = long.MaxValue >> 20;

    // Fully optimised from the first call: a CLI run reads the log once, so tiered JIT would parse most of it
    // with unoptimised code before the tier-up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GcLineKind Parse(ReadOnlySpan<byte> line, long lineNumber, bool periodicPending, out GcCycle cycle, out string? problem)
    {
        cycle = default;
        problem = null;
        var start = FindCycleStart(line);
        if (start < 0)
        {
            return GcLineKind.Other;
        }

        var rest = line[(start + 3)..];
        if (!TakeLong(ref rest, out var number) || !Skip(ref rest, " @"u8))
        {
            return GcLineKind.Other;
        }

        if (!TakeDouble(ref rest, out var seconds) || !Skip(ref rest, "s "u8))
        {
            problem = "expected '@<seconds>s ' after the cycle number";
            return GcLineKind.Malformed;
        }

        if (!TakeLong(ref rest, out var percent) || !Skip(ref rest, "%:"u8))
        {
            problem = "expected '<N>%:' (GC CPU since start) after the time";
            return GcLineKind.Malformed;
        }

        var fields = new Fields();
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf((byte)',');
            var field = (comma < 0 ? rest : rest[..comma]).Trim((byte)' ');
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (!fields.Read(field, out problem))
            {
                return GcLineKind.Malformed;
            }
        }

        if (!fields.HasClock || !fields.HasHeap || !fields.HasGoal || !fields.HasProcs)
        {
            problem = "missing " + (!fields.HasClock ? "the 'ms clock' phases" : !fields.HasHeap ? "the heap sizes 'A->B->C MB'" : !fields.HasGoal ? "the 'MB goal' field" : "the 'P' (processors) field");
            return GcLineKind.Malformed;
        }

        var trigger = fields.Forced ? GcTrigger.Forced : periodicPending ? GcTrigger.Periodic : GcTrigger.Heap;
        cycle = new GcCycle(
            number, seconds, (int)Math.Min(percent, int.MaxValue),
            fields.ClockSweepTermination, fields.ClockConcurrent, fields.ClockMarkTermination,
            fields.CpuSweepTermination, fields.CpuAssist, fields.CpuBackground, fields.CpuIdle, fields.CpuMarkTermination,
            fields.HeapStart * Mebibyte, fields.HeapEnd * Mebibyte, fields.Live * Mebibyte, fields.Goal << 20,
            fields.Stacks * Mebibyte, fields.Globals * Mebibyte, fields.Procs, trigger, lineNumber);
        return GcLineKind.Cycle;
    }

    /// <summary>The index of <c>gc </c> followed by a digit, at the start of the line or after a non-letter.</summary>
    private static int FindCycleStart(ReadOnlySpan<byte> line)
    {
        var offset = 0;
        while (true)
        {
            var found = line[offset..].IndexOf("gc "u8);
            if (found < 0)
            {
                return -1;
            }

            var at = offset + found;
            var afterLetter = at > 0 && char.IsAsciiLetterOrDigit((char)line[at - 1]);
            if (!afterLetter && at + 3 < line.Length && char.IsAsciiDigit((char)line[at + 3]))
            {
                return at;
            }

            offset = at + 3;
        }
    }

    private static bool Skip(ref ReadOnlySpan<byte> text, ReadOnlySpan<byte> expected)
    {
        if (!text.StartsWith(expected))
        {
            return false;
        }

        text = text[expected.Length..];
        return true;
    }

    private static bool TakeLong(ref ReadOnlySpan<byte> text, out long value)
    {
        if (!Utf8Parser.TryParse(text, out value, out var used) || used == 0 || value < 0)
        {
            return false;
        }

        text = text[used..];
        return true;
    }

    private static bool TakeDouble(ref ReadOnlySpan<byte> text, out double value)
    {
        if (!Utf8Parser.TryParse(text, out value, out var used) || used == 0 || !double.IsFinite(value) || value < 0)
        {
            return false;
        }

        text = text[used..];
        return true;
    }

    /// <summary>The comma-separated fields after <c>N%:</c>, recognised by their unit words.</summary>
    private ref struct Fields
    {
        public bool HasClock;
        public bool HasHeap;
        public bool HasGoal;
        public bool HasProcs;
        public bool Forced;
        public double ClockSweepTermination;
        public double ClockConcurrent;
        public double ClockMarkTermination;
        public double CpuSweepTermination;
        public double CpuAssist;
        public double CpuBackground;
        public double CpuIdle;
        public double CpuMarkTermination;
        public long HeapStart;
        public long HeapEnd;
        public long Live;
        public ulong Goal;
        public long? Stacks;
        public long? Globals;
        public int Procs;

        public bool Read(ReadOnlySpan<byte> field, out string? problem)
        {
            problem = null;
            if (field.EndsWith(" ms clock"u8))
            {
                HasClock = ReadClock(field[..^9]);
                problem = HasClock ? null : "unreadable 'ms clock' phases";
                return HasClock;
            }

            if (field.EndsWith(" ms cpu"u8))
            {
                var ok = ReadCpu(field[..^7]);
                problem = ok ? null : "unreadable 'ms cpu' phases";
                return ok;
            }

            if (field.EndsWith(" MB goal"u8))
            {
                HasGoal = Utf8Parser.TryParse(field[..^8].Trim((byte)' '), out Goal, out var used) && used == field[..^8].Trim((byte)' ').Length && Goal <= MaxGoalMebibytes;
                problem = HasGoal ? null : "unreadable 'MB goal'";
                return HasGoal;
            }

            if (field.EndsWith(" MB stacks"u8))
            {
                var ok = Whole(field[..^10], out var stacks);
                Stacks = stacks;
                problem = ok ? null : "unreadable 'MB stacks'";
                return ok;
            }

            if (field.EndsWith(" MB globals"u8))
            {
                var ok = Whole(field[..^11], out var globals);
                Globals = globals;
                problem = ok ? null : "unreadable 'MB globals'";
                return ok;
            }

            if (field.EndsWith(" MB"u8) && field.IndexOf("->"u8) >= 0)
            {
                HasHeap = ReadHeap(field[..^3]);
                problem = HasHeap ? null : "unreadable heap sizes 'A->B->C MB'";
                return HasHeap;
            }

            if (field.EndsWith(" P (forced)"u8))
            {
                Forced = true;
                field = field[..^9];
            }

            if (field.EndsWith(" P"u8))
            {
                HasProcs = Whole(field[..^2], out var procs) && procs is > 0 and <= 1 << 20;
                Procs = (int)procs;
                problem = HasProcs ? null : "unreadable 'P' (processors) field";
                return HasProcs;
            }

            // A field this parser does not know (a newer runtime's addition): skipped, the line still counts.
            return true;
        }

        private bool ReadClock(ReadOnlySpan<byte> phases)
        {
            Span<double> values = stackalloc double[8];
            var count = 0;
            foreach (var range in phases.Split((byte)'+'))
            {
                if (count == values.Length || !Number(phases[range], out values[count]))
                {
                    return false;
                }

                count++;
            }

            if (count < 2)
            {
                return false;
            }

            ClockSweepTermination = values[0];
            ClockMarkTermination = values[count - 1];
            for (var i = 1; i < count - 1; i++)
            {
                ClockConcurrent += values[i];
            }

            return true;
        }

        private bool ReadCpu(ReadOnlySpan<byte> phases)
        {
            Span<double> plain = stackalloc double[8];
            var count = 0;
            var sawMark = false;
            foreach (var range in phases.Split((byte)'+'))
            {
                var phase = phases[range];
                if (phase.IndexOf((byte)'/') >= 0)
                {
                    if (sawMark || !ReadMarkCpu(phase))
                    {
                        return false;
                    }

                    sawMark = true;
                }
                else if (count == plain.Length || !Number(phase, out plain[count++]))
                {
                    return false;
                }
            }

            if (count < 2)
            {
                return false;
            }

            CpuSweepTermination = plain[0];
            CpuMarkTermination = plain[count - 1];
            for (var i = 1; i < count - 1; i++)
            {
                // Go 1.5/1.6 printed scan and synchronise phases besides the mark phase: background work.
                CpuBackground += plain[i];
            }

            return true;
        }

        private bool ReadMarkCpu(ReadOnlySpan<byte> phase)
        {
            Span<double> parts = stackalloc double[3];
            var count = 0;
            foreach (var range in phase.Split((byte)'/'))
            {
                if (count == 3 || !Number(phase[range], out parts[count]))
                {
                    return false;
                }

                count++;
            }

            if (count != 3)
            {
                return false;
            }

            CpuAssist += parts[0];
            CpuBackground += parts[1];
            CpuIdle += parts[2];
            return true;
        }

        private bool ReadHeap(ReadOnlySpan<byte> sizes)
        {
            Span<long> values = stackalloc long[3];
            var count = 0;
            while (true)
            {
                var arrow = sizes.IndexOf("->"u8);
                var part = arrow < 0 ? sizes : sizes[..arrow];
                if (count == 3 || !Whole(part, out values[count]))
                {
                    return false;
                }

                count++;
                if (arrow < 0)
                {
                    break;
                }

                sizes = sizes[(arrow + 2)..];
            }

            if (count != 3)
            {
                return false;
            }

            HeapStart = values[0];
            HeapEnd = values[1];
            Live = values[2];
            return true;
        }

        private static bool Number(ReadOnlySpan<byte> text, out double value) =>
            Utf8Parser.TryParse(text.Trim((byte)' '), out value, out var used) && used == text.Trim((byte)' ').Length && double.IsFinite(value) && value >= 0;

        private static bool Whole(ReadOnlySpan<byte> text, out long value)
        {
            var trimmed = text.Trim((byte)' ');
            return Utf8Parser.TryParse(trimmed, out value, out var used) && used == trimmed.Length && value is >= 0 and <= MaxMemoryMebibytes;
        }
    }
}
