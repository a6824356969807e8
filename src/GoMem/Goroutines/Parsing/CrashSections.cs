namespace GoMem.Goroutines.Parsing;

/// <summary>
/// What a crash log prints besides each goroutine once, decided as runtime/signal_unix.go's sighandler and
/// runtime/traceback.go print it (Go 1.19 to 1.26):
/// <list type="bullet">
/// <item>"goroutine 0": the g a signal found a thread on, its g0 (scheduler) or gsignal stack; goroutine ids start at 1,
/// so goroutine 0 is never a goroutine. Kept as the dump's threads, with the signal line before it; not counted.</item>
/// <item>With GOTRACEBACK=crash, after the first "-----", each thread's section: its goroutine 0 and, when the thread
/// was running a goroutine, that goroutine again ("tracebackothers on original m skipped this one; trace it now").
/// Every goroutine was listed before (as running), so a goroutine there is counted once: it gives its stack to a
/// goroutine listed as "running on other thread; stack unavailable", and is skipped otherwise.</item>
/// </list>
/// Memory follows the threads and the running goroutines, both bounded; nothing is kept per goroutine.
/// </summary>
internal sealed class CrashSections
{
    /// <summary>Threads kept (Go's default limit of threads: debug.SetMaxThreads).</summary>
    public const int MaxThreads = 10_000;

    /// <summary>Running goroutines remembered for the thread sections; past this, a goroutine there is counted as new.</summary>
    private const int MaxRunning = 10_000;

    private static readonly byte[] Separator = "-----"u8.ToArray();

    private readonly List<GoroutineThread> _threads = [];
    private readonly HashSet<long> _running = [];
    private readonly List<Unresolved> _unresolved = [];
    private readonly Dictionary<long, int> _unresolvedById = [];
    private string _signal = "";
    private long? _signalM;
    private bool _inThreadSections;

    public enum Outcome
    {
        /// <summary>A goroutine: counted and added to the table by the reader.</summary>
        Add,

        /// <summary>Counted, added at the end (its stack may still be printed by its thread's section).</summary>
        CountedOnly,

        /// <summary>Not a goroutine to count: a thread's stack, or a goroutine counted before.</summary>
        NotCounted,
    }

    public IReadOnlyList<GoroutineThread> Threads => _threads;

    /// <summary>Threads past <see cref="MaxThreads"/>, counted and not kept.</summary>
    public long MoreThreads { get; private set; }

    /// <summary>A line outside the goroutines: "-----" starts the thread sections; "SIGQUIT: quit" names the next thread's signal.</summary>
    public void OtherLine(ReadOnlySpan<byte> line, GoroutineStackTable table)
    {
        var text = line.Trim(" \t"u8);
        if (text.SequenceEqual(Separator))
        {
            _inThreadSections = true;
        }
        else if (text.StartsWith("SIG"u8) && text.IndexOf(": "u8) is > 3 and < 16)
        {
            _signal = table.Intern(text);
            _signalM = null;
        }
        else if (text.StartsWith("PC="u8))
        {
            // "PC=0x465443 m=1 sigcode=0": the thread, for headers without "m=" (before Go 1.21).
            GoroutineHeader.ReadIds(text, out _signalM);
        }
    }

    /// <summary>Decides what the goroutine just read is; a thread's stack or a re-print is taken here.</summary>
    public Outcome EndGoroutine(long id, long? m, string state, ReadOnlySpan<GoroutineFrame> frames, GoroutineFrame? createdBy,
        long? waitMinutes, bool locked, long lineNumber, GoroutineStackTable table)
    {
        if (id == 0)
        {
            if (_threads.Count < MaxThreads)
            {
                _threads.Add(new GoroutineThread(m ?? _signalM, _signal, state, frames.ToArray()));
            }
            else
            {
                MoreThreads++;
            }

            (_signal, _signalM) = ("", null);
            return Outcome.NotCounted;
        }

        if (_inThreadSections)
        {
            if (_unresolvedById.Remove(id, out var index))
            {
                // Its stack at last: counted when it was listed, added now with the frames its thread printed.
                var listed = _unresolved[index];
                _unresolved[index] = listed with { Resolved = true };
                table.Add(frames, createdBy ?? listed.CreatedBy, "", listed.State, 1, listed.WaitMinutes, listed.Locked, lineNumber);
                return Outcome.NotCounted;
            }

            if (_running.Contains(id))
            {
                return Outcome.NotCounted;
            }

            return Outcome.Add;
        }

        if (state == "running" && _running.Count < MaxRunning)
        {
            _running.Add(id);
            if (frames is [{ File.Length: 0 } only] && only.Function == GoroutineFrames.StackUnavailable && _unresolved.Count < MaxRunning)
            {
                _unresolvedById[id] = _unresolved.Count;
                _unresolved.Add(new Unresolved(frames[0], createdBy, state, waitMinutes, locked, lineNumber, false));
                return Outcome.CountedOnly;
            }
        }

        return Outcome.Add;
    }

    /// <summary>At the end: the goroutines whose stack no thread section printed, with their "stack unavailable" frame.</summary>
    public void AddUnresolved(GoroutineStackTable table)
    {
        foreach (var goroutine in _unresolved)
        {
            if (!goroutine.Resolved)
            {
                table.Add([goroutine.Frame], goroutine.CreatedBy, "", goroutine.State, 1, goroutine.WaitMinutes, goroutine.Locked, goroutine.LineNumber);
            }
        }
    }

    private sealed record Unresolved(GoroutineFrame Frame, GoroutineFrame? CreatedBy, string State, long? WaitMinutes, bool Locked, long LineNumber, bool Resolved);
}
