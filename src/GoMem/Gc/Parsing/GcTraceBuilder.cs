using System.Runtime.CompilerServices;
using GoMem.Gc.Model;
using GoMem.IO;

namespace GoMem.Gc.Parsing;

/// <summary>
/// Accumulates gctrace lines, from one or several logs, into runs of cycles: a cycle number that does not increase
/// starts a new run (the process restarted, or the next file is another process). Lines that are not cycles are
/// counted by kind; lines that start like a cycle but cannot be read are kept (the first ones) with their numbers.
/// Incremental, so <c>--follow</c> can feed it a growing log.
/// </summary>
public sealed class GcTraceBuilder(InputLimits? limits = null)
{
    /// <summary>How many unreadable lines are kept with their text position (all are counted).</summary>
    public const int MaxUnparsedSamples = 100;

    private readonly long _maxCycles = (limits ?? InputLimits.Default).MaxTableEntries;
    private readonly List<string> _sources = [];
    private readonly List<GcRun> _runs = [];
    private readonly List<UnparsedGcLine> _unparsed = [];
    private List<GcCycle>? _current;
    private string _currentSource = "";
    private long _currentFirstLine;
    private bool _periodicPending;
    private long _cycles;
    private long _scavenger;
    private long _runtime;
    private long _other;
    private long _unparsedCount;
    private long _rejoined;
    private byte[] _pending = new byte[512];
    private int _pendingLength = -1;
    private long _pendingLineNumber;
    private string? _pendingProblem;

    /// <summary>Starts the lines of another log (a new file: its cycles may continue the same process's run).</summary>
    public void BeginSource(string source)
    {
        FlushPending();
        _sources.Add(source);
        _currentSource = source;
        _periodicPending = false;
    }

    /// <summary>Reads one line; returns the cycle when the line was one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public GcCycle? Add(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (_pendingLength >= 0)
        {
            if (TryRejoin(line) is { } rejoined)
            {
                return rejoined;
            }

            FlushPending();
        }

        switch (GcTraceLine.Parse(line, lineNumber, _periodicPending, out var cycle, out var problem))
        {
            case GcLineKind.Cycle:
                _periodicPending = false;
                AddCycle(cycle, lineNumber);
                return cycle;
            case GcLineKind.Malformed:
                // Held for one line: another writer may have cut it, and its rest may follow.
                if (line.Length > 4096)
                {
                    Unparsed(lineNumber, problem);
                    return null;
                }

                if (line.Length > _pending.Length)
                {
                    _pending = new byte[line.Length];
                }

                line.CopyTo(_pending);
                _pendingLength = line.Length;
                _pendingLineNumber = lineNumber;
                _pendingProblem = problem;
                return null;
            default:
                Classify(line);
                return null;
        }
    }

    /// <summary>Reads a whole log from a stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddAll(Stream stream, string source)
    {
        BeginSource(source);
        var reader = new BoundedLineReader(stream, source, 1 << 20);
        while (reader.TryReadLine(out var line))
        {
            Add(line, reader.LineNumber);
        }
    }

    /// <summary>
    /// The trace so far. The current run shares the builder's list rather than copying a million cycles, so a trace
    /// taken before more lines are added sees that run grow: build once at the end, or only read counts meanwhile.
    /// </summary>
    public GcTrace Build()
    {
        FlushPending();
        var runs = new List<GcRun>(_runs);
        if (_current is { Count: > 0 })
        {
            runs.Add(new GcRun(_currentSource, _currentFirstLine, _current));
        }

        return new GcTrace(_sources.ToArray(), runs, new GcTraceNoise(_scavenger, _runtime, _other, _rejoined), _unparsedCount, _unparsed.ToArray());
    }

    /// <summary>
    /// The runtime writes a trace line in pieces, so a program printing to stderr at the same moment can land in the
    /// middle of it: "gc 24 … 0.37/4.4" + "app: 100% done" on one line, and the rest of the cycle on the next.
    /// Tries the held line cut where a word of that other output could begin, joined to this line; the first joint
    /// that reads as a whole cycle wins, and the text cut out counts as application output.
    /// </summary>
    private GcCycle? TryRejoin(ReadOnlySpan<byte> next)
    {
        if (next.IsEmpty || GcTraceLine.Parse(next, 0, false, out _, out _) != GcLineKind.Other)
        {
            return null;
        }

        var held = _pending.AsSpan(0, _pendingLength);
        var joined = new byte[held.Length + next.Length];
        for (var cut = held.Length; cut > 0; cut--)
        {
            var wordStart = cut == held.Length || (char.IsAsciiLetter((char)held[cut]) && !char.IsAsciiLetter((char)held[cut - 1]));
            if (!wordStart)
            {
                continue;
            }

            held[..cut].CopyTo(joined);
            next.CopyTo(joined.AsSpan(cut));
            if (GcTraceLine.Parse(joined.AsSpan(0, cut + next.Length), _pendingLineNumber, _periodicPending, out var cycle, out _) == GcLineKind.Cycle)
            {
                _pendingLength = -1;
                _periodicPending = false;
                _rejoined++;
                _other += cut < held.Length ? 1 : 0;
                AddCycle(cycle, _pendingLineNumber);
                return cycle;
            }
        }

        return null;
    }

    private void FlushPending()
    {
        if (_pendingLength >= 0)
        {
            Unparsed(_pendingLineNumber, _pendingProblem);
            _pendingLength = -1;
        }
    }

    private void Unparsed(long lineNumber, string? problem)
    {
        _unparsedCount++;
        if (_unparsed.Count < MaxUnparsedSamples)
        {
            _unparsed.Add(new UnparsedGcLine(_currentSource, lineNumber, problem ?? "unreadable gctrace line"));
        }
    }

    private void AddCycle(GcCycle cycle, long lineNumber)
    {
        if (++_cycles > _maxCycles)
        {
            throw new BadInputException(_currentSource, $"more than {_maxCycles} GC cycles (the limit on counts)", lineNumber: lineNumber);
        }

        if (_current is { Count: > 0 } && (cycle.Number <= _current[^1].Number || cycle.StartSeconds < _current[^1].StartSeconds))
        {
            _runs.Add(new GcRun(_currentSource, _currentFirstLine, _current));
            _current = null;
        }

        if (_current is null)
        {
            _current = [];
            _currentFirstLine = lineNumber;
        }

        _current.Add(cycle);
    }

    private void Classify(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf("scav "u8) >= 0 || line.IndexOf("scvg"u8) >= 0)
        {
            _scavenger++;
        }
        else if (line.IndexOf("GC forced"u8) >= 0)
        {
            // The periodic GC (2 minutes without one) announces itself on the line before its cycle.
            _runtime++;
            _periodicPending = true;
        }
        else if (line.StartsWith("pacer: "u8) || line.IndexOf("gc assist"u8) >= 0)
        {
            _runtime++;
        }
        else if (!line.IsEmpty)
        {
            _other++;
        }
    }
}
