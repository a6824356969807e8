using System.Runtime.InteropServices;
using GoMem.IO;

namespace GoMem.Goroutines.Parsing;

/// <summary>
/// Streams Go tracebacks: <c>/debug/pprof/goroutine?debug=2</c> and the same format inside a panic or SIGQUIT crash
/// log, where other lines (log output, "SIGQUIT: quit", register dumps) surround the goroutines and are skipped.
/// A dump that a test framework printed with every line indented (goconvey and others) is read as panicparse reads it:
/// the whitespace before a goroutine's header is its prefix, and each of its lines must start with it. With
/// <c>GODEBUG=tracebackancestors=N</c>, the <c>[originating from goroutine N]:</c> sections after a goroutine's own
/// stack and creator are its ancestors, kept apart from its stack. Goroutines are counted into a
/// <see cref="GoroutineStackTable"/> as they are read, so memory grows with the distinct stacks, not the goroutines.
/// </summary>
internal sealed class TracebackParser
{
    public const int MaxLineBytes = 1 << 20;
    public const int MaxFramesPerGoroutine = 100_000;

    /// <summary>Ancestor sections kept per goroutine (the runtime records at most 50: tracebackancestors is capped there).</summary>
    public const int MaxAncestors = 100;

    private const int MaxPrefixBytes = GoroutineHeader.MaxIndentBytes;

    private static readonly byte[] CreatedByPrefix = "created by "u8.ToArray();
    private static readonly byte[] InGoroutine = " in goroutine "u8.ToArray();
    private static readonly byte[] OriginatingPrefix = "[originating from goroutine "u8.ToArray();
    private static readonly byte[] NonGoFunctionAt = "non-Go function at "u8.ToArray();
    private static readonly byte[] FramesElided = " frames elided..."u8.ToArray();
    private static readonly byte[] RunningElsewhere = "goroutine running on other thread"u8.ToArray();

    private readonly ByteLineReader _reader;
    private readonly string _source;
    private readonly GoroutineStackTable _table;
    private readonly CrashSections _crash = new();
    private readonly List<GoroutineFrame> _current = [];
    private readonly List<PendingAncestor> _ancestors = [];
    private readonly byte[] _prefix = new byte[MaxPrefixBytes];
    private byte[] _held = new byte[256];
    private int _heldLength = -1;

    private bool _inGoroutine;
    private int _prefixLength;
    private long _id;
    private long? _m;
    private string _state = "";
    private long? _waitMinutes;
    private bool _locked;
    private string? _pendingFunction;
    private GoroutineFrame? _createdBy;
    private bool _pendingCreatedBy;
    private int _ancestorCount;
    private int _frameCount;
    private long _total;
    private long _otherLines;

    private TracebackParser(Stream content, string source, InputLimits limits)
    {
        _reader = new ByteLineReader(content, MaxLineBytes);
        _source = source;
        _table = new GoroutineStackTable(source, limits.MaxTableEntries);
    }

    public static GoroutineDump Parse(Stream content, string source, InputLimits? limits = null)
    {
        var parser = new TracebackParser(content, source, limits ?? InputLimits.Default);
        return parser.Run();
    }

    private GoroutineDump Run()
    {
        var lastLineInGoroutine = false;
        while (_reader.TryReadLine(out var line, out var overlong))
        {
            lastLineInGoroutine = _inGoroutine;
            if (overlong)
            {
                if (_inGoroutine)
                {
                    throw new BadInputException(_source, $"a traceback line is longer than {MaxLineBytes} bytes", lineNumber: _reader.LineNumber);
                }

                _otherLines++;
                continue;
            }

            if (_inGoroutine && ReadGoroutineLine(line))
            {
                continue;
            }

            if (TryStartGoroutine(line))
            {
                continue;
            }

            if (!line.IsEmpty)
            {
                _otherLines++;
                _crash.OtherLine(line, _table);
            }
        }

        // Cut inside a goroutine: Go stops writing ?debug=2 at 64 MB, and crash logs get cut by log rotation.
        var truncated = (lastLineInGoroutine && _reader.LastLineUnterminated) || (_inGoroutine && _pendingFunction is not null);
        if (_heldLength >= 0)
        {
            _otherLines++;
            _heldLength = -1;
        }

        if (_inGoroutine)
        {
            EndGoroutine();
        }

        _crash.AddUnresolved(_table);
        if (_total == 0 && _crash.Threads.Count == 0)
        {
            throw new BadInputException(_source, "no goroutine tracebacks found (expected lines like \"goroutine 1 [running]:\")", 0);
        }

        var format = _otherLines == 0 ? GoroutineDumpFormat.Debug2 : GoroutineDumpFormat.CrashLog;
        return new GoroutineDump(_source, format, _total, _table.Build(), truncated) { Threads = _crash.Threads, MoreThreads = _crash.MoreThreads };
    }

    /// <summary>
    /// Parses "goroutine 123 [state, N minutes, locked to thread]:", after any indentation (which becomes the prefix of
    /// the goroutine's lines); false when the line is something else.
    /// </summary>
    private bool TryStartGoroutine(ReadOnlySpan<byte> line)
    {
        if (!GoroutineHeader.IsHeader(line))
        {
            return false;
        }

        var indent = line.IndexOfAnyExcept(" \t"u8);
        var rest = line[(indent + GoroutineHeader.Prefix.Length)..];
        var open = rest.IndexOf((byte)'[');
        var close = rest.LastIndexOf((byte)']');

        if (_inGoroutine)
        {
            EndGoroutine();
        }

        line[..indent].CopyTo(_prefix);
        _prefixLength = indent;
        _id = GoroutineHeader.ReadIds(rest[..open], out _m);
        _state = GoroutineHeader.Read(rest[(open + 1)..close], _table, out _waitMinutes, out _locked);
        _inGoroutine = true;
        _current.Clear();
        _ancestorCount = 0;
        _frameCount = 0;
        _pendingFunction = null;
        _createdBy = null;
        _pendingCreatedBy = false;
        return true;
    }

    /// <summary>One line inside a goroutine; false when it ends the goroutine and must be looked at again.</summary>
    private bool ReadGoroutineLine(ReadOnlySpan<byte> line)
    {
        if (_prefixLength > 0 && !line.IsEmpty)
        {
            if (!line.StartsWith(_prefix.AsSpan(0, _prefixLength)))
            {
                // A blank line that lost its indentation's tail still ends the goroutine; anything else is not ours.
                if (line.IndexOfAnyExcept(" \t"u8) < 0)
                {
                    EndGoroutine();
                    return true;
                }

                EndGoroutine();
                return false;
            }

            line = line[_prefixLength..];
        }

        if (_heldLength >= 0)
        {
            // The line before had no parentheses: a C function a cgo symbolizer named if this is its file line.
            var held = _held.AsSpan(0, _heldLength);
            _heldLength = -1;
            if (!line.IsEmpty && line[0] is (byte)'\t' or (byte)' ')
            {
                FlushPendingFunction();
                _pendingFunction = _table.Intern(held);
                AddFileLine(line.TrimStart(" \t"u8));
                return true;
            }

            _otherLines++;
            EndGoroutine();
            return false;
        }

        if (line.IsEmpty)
        {
            EndGoroutine();
            return true;
        }

        if (line[0] is (byte)'\t' or (byte)' ')
        {
            // A file line: tab-indented, or space-indented where a copy turned the tab into spaces. The runtime's
            // "\tgoroutine running on other thread; stack unavailable" stands for the stack it did not print.
            var text = line.TrimStart(" \t"u8);
            if (!StackUnavailable(text))
            {
                AddFileLine(text);
            }

            return true;
        }

        if (line.StartsWith(CreatedByPrefix))
        {
            FlushPendingFunction();
            var creator = line[CreatedByPrefix.Length..];
            var from = creator.IndexOf(InGoroutine);
            _pendingFunction = _table.Intern(from >= 0 ? creator[..from] : creator);
            _pendingCreatedBy = true;
            return true;
        }

        if (line.StartsWith(OriginatingPrefix) && line.EndsWith("]:"u8))
        {
            FlushPendingFunction();
            TracebackNumbers.TryParseLong(line[OriginatingPrefix.Length..^2], out var id);
            StartAncestor(id);
            return true;
        }

        if (line[^1] == (byte)')' && line.LastIndexOf((byte)'(') is > 0 and var paren)
        {
            FlushPendingFunction();
            _pendingFunction = _table.Intern(line[..paren]);
            return true;
        }

        if (line.StartsWith(NonGoFunctionAt))
        {
            // A C frame of a program with a cgo traceback but no symbolizer: "non-Go function at pc=0x7f3c9a2d4b2a".
            FlushPendingFunction();
            AddFrame(_table.Intern("non-Go function"u8), _table.Intern(line[NonGoFunctionAt.Length..]), 0);
            return true;
        }

        // "...additional frames elided..." (before Go 1.21, and ancestors since), "...N frames elided..." (Go 1.21+,
        // between the innermost and the outermost 50 frames: the outer ones follow).
        if (line.StartsWith("...additional frames elided..."u8) || (line.StartsWith("..."u8) && line.EndsWith(FramesElided)) ||
            StackUnavailable(line) || (line[0] == (byte)'[' && line[^1] == (byte)':'))
        {
            return true;
        }

        if (_pendingFunction is null && !GoroutineHeader.LooksLikeHeader(line))
        {
            // Maybe a function a cgo symbolizer named (no parentheses): decided by the next line.
            Hold(line);
            return true;
        }

        EndGoroutine();
        return false;
    }

    /// <summary>
    /// "goroutine running on other thread; stack unavailable" in place of a stack: one frame named so (true), so the
    /// goroutine is not a nameless empty stack; false for any other line.
    /// </summary>
    private bool StackUnavailable(ReadOnlySpan<byte> text)
    {
        if (!text.StartsWith(RunningElsewhere))
        {
            return false;
        }

        if (_pendingFunction is null && _frameCount == 0 && _ancestorCount == 0)
        {
            AddFrame(_table.Intern(GoroutineFrames.StackUnavailable.AsSpan()), "", 0);
        }

        return true;
    }

    private void Hold(ReadOnlySpan<byte> line)
    {
        if (line.Length > _held.Length)
        {
            _held = new byte[Math.Max(line.Length, _held.Length * 2)];
        }

        line.CopyTo(_held);
        _heldLength = line.Length;
    }

    /// <summary>Frames and "created by" lines from here on belong to one more ancestor (past the cap, they are read and dropped).</summary>
    private void StartAncestor(long id)
    {
        if (_ancestorCount == _ancestors.Count)
        {
            _ancestors.Add(new PendingAncestor());
        }

        var ancestor = _ancestors[_ancestorCount++];
        ancestor.Id = id;
        ancestor.Frames.Clear();
        ancestor.CreatedBy = null;
    }

    /// <summary>"path/file.go:123 +0x4a fp=... sp=... pc=..." for the pending function.</summary>
    private void AddFileLine(ReadOnlySpan<byte> text)
    {
        if (_pendingFunction is null)
        {
            return;
        }

        var space = text.IndexOf((byte)' ');
        var location = space < 0 ? text : text[..space];
        var colon = location.LastIndexOf((byte)':');
        long number = 0;
        if (colon > 0 && TracebackNumbers.TryParseLong(location[(colon + 1)..], out var parsed))
        {
            number = parsed;
            location = location[..colon];
        }

        AddFrame(_pendingFunction, _table.Intern(location), number);
        _pendingFunction = null;
    }

    private void FlushPendingFunction()
    {
        if (_pendingFunction is not null)
        {
            AddFrame(_pendingFunction, "", 0);
            _pendingFunction = null;
        }
    }

    private void AddFrame(string function, string file, long line)
    {
        var frame = _table.Frame(function, file, line);
        var ancestor = _ancestorCount == 0 ? null : _ancestorCount <= MaxAncestors ? _ancestors[_ancestorCount - 1] : null;
        if (_pendingCreatedBy)
        {
            _pendingCreatedBy = false;
            if (_ancestorCount == 0)
            {
                _createdBy = frame;
            }
            else if (ancestor is not null)
            {
                ancestor.CreatedBy = frame;
            }

            return;
        }

        if (++_frameCount > MaxFramesPerGoroutine)
        {
            throw ByteLineReaderErrors.TooManyFrames(_source, _reader.LineNumber, MaxFramesPerGoroutine);
        }

        if (_ancestorCount == 0)
        {
            _current.Add(frame);
        }
        else
        {
            ancestor?.Frames.Add(frame);
        }
    }

    private void EndGoroutine()
    {
        FlushPendingFunction();
        _inGoroutine = false;
        _prefixLength = 0;
        var counted = _crash.EndGoroutine(_id, _m, _state, CollectionsMarshal.AsSpan(_current), _createdBy, _waitMinutes, _locked, _reader.LineNumber, _table);
        if (counted != CrashSections.Outcome.Add)
        {
            _total += counted == CrashSections.Outcome.CountedOnly ? 1 : 0;
            return;
        }

        _total++;
        var stack = _table.Add(CollectionsMarshal.AsSpan(_current), _createdBy, "", _state, 1, _waitMinutes, _locked, _reader.LineNumber);
        if (_ancestorCount > 0)
        {
            GoroutineStackTable.AddAncestry(stack, _ancestors, Math.Min(_ancestorCount, MaxAncestors));
        }
    }
}
