using System.Runtime.CompilerServices;
using System.Text;
using GoMem.IO;

namespace GoMem.Goroutines.Parsing;

/// <summary>
/// Streams Go tracebacks: <c>/debug/pprof/goroutine?debug=2</c> and the same format inside a panic or SIGQUIT crash
/// log, where other lines (log output, "SIGQUIT: quit", register dumps) surround the goroutines and are skipped.
/// Goroutines with the same stack and creator are counted together as they are read, so memory grows with the
/// number of distinct stacks, not of goroutines; names are interned and frames shared, so a goroutine whose stack
/// was seen before costs no allocation.
/// </summary>
internal sealed class TracebackParser
{
    public const int MaxLineBytes = 1 << 20;
    public const int MaxFramesPerGoroutine = 100_000;

    private static readonly byte[] GoroutinePrefix = "goroutine "u8.ToArray();
    private static readonly byte[] CreatedByPrefix = "created by "u8.ToArray();
    private static readonly byte[] InGoroutine = " in goroutine "u8.ToArray();
    private static readonly byte[] MinutesSuffix = " minutes"u8.ToArray();
    private static readonly byte[] LockedToThread = "locked to thread"u8.ToArray();

    private readonly ByteLineReader _reader;
    private readonly string _source;
    private readonly int _maxStacks;
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stringLookup;
    private readonly Dictionary<(string Function, string File, long Line), GoroutineFrame> _frames = [];
    private readonly Dictionary<int, List<GoroutineStackBuilder>> _stacksByHash = [];
    private readonly List<GoroutineStackBuilder> _stacks = [];
    private readonly List<GoroutineFrame> _current = [];
    private char[] _chars = new char[512];

    private bool _inGoroutine;
    private string _state = "";
    private long? _waitMinutes;
    private bool _locked;
    private string? _pendingFunction;
    private GoroutineFrame? _createdBy;
    private bool _pendingCreatedBy;
    private long _total;
    private long _otherLines;

    private TracebackParser(Stream content, string source, InputLimits limits)
    {
        _reader = new ByteLineReader(content, MaxLineBytes);
        _source = source;
        _maxStacks = limits.MaxTableEntries;
        _stringLookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
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

            if (line.StartsWith(GoroutinePrefix) && TryStartGoroutine(line))
            {
                continue;
            }

            if (!line.IsEmpty)
            {
                _otherLines++;
            }
        }

        // Cut inside a goroutine: Go stops writing ?debug=2 at 64 MB, and crash logs get cut by log rotation.
        var truncated = (lastLineInGoroutine && _reader.LastLineUnterminated) || (_inGoroutine && _pendingFunction is not null);
        if (_inGoroutine)
        {
            EndGoroutine();
        }

        if (_total == 0)
        {
            throw new BadInputException(_source, "no goroutine tracebacks found (expected lines like \"goroutine 1 [running]:\")", 0);
        }

        var stacks = new GoroutineStack[_stacks.Count];
        for (var i = 0; i < stacks.Length; i++)
        {
            stacks[i] = _stacks[i].Build();
        }

        var format = _otherLines == 0 ? GoroutineDumpFormat.Debug2 : GoroutineDumpFormat.CrashLog;
        return new GoroutineDump(_source, format, _total, stacks, truncated);
    }

    /// <summary>Parses "goroutine 123 [state, N minutes, locked to thread]:"; false when the line is something else.</summary>
    private bool TryStartGoroutine(ReadOnlySpan<byte> line)
    {
        var rest = line[GoroutinePrefix.Length..];
        if (rest.IsEmpty || !char.IsAsciiDigit((char)rest[0]) || line[^1] != (byte)':')
        {
            return false;
        }

        var open = rest.IndexOf((byte)'[');
        var close = rest.LastIndexOf((byte)']');
        if (open < 0 || close < open)
        {
            return false;
        }

        if (_inGoroutine)
        {
            EndGoroutine();
        }

        var inside = rest[(open + 1)..close];
        _waitMinutes = null;
        _locked = false;
        var comma = inside.IndexOf(", "u8);
        _state = Intern(comma < 0 ? inside : inside[..comma]);
        while (comma >= 0)
        {
            inside = inside[(comma + 2)..];
            comma = inside.IndexOf(", "u8);
            var part = comma < 0 ? inside : inside[..comma];
            if (part.EndsWith(MinutesSuffix) && TryParseLong(part[..^MinutesSuffix.Length], out var minutes))
            {
                _waitMinutes = minutes;
            }
            else if (part.SequenceEqual(LockedToThread))
            {
                _locked = true;
            }
        }

        _inGoroutine = true;
        _current.Clear();
        _pendingFunction = null;
        _createdBy = null;
        _pendingCreatedBy = false;
        return true;
    }

    /// <summary>One line inside a goroutine; false when it ends the goroutine and must be looked at again.</summary>
    private bool ReadGoroutineLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            EndGoroutine();
            return true;
        }

        if (line[0] == (byte)'\t')
        {
            AddFileLine(line[1..]);
            return true;
        }

        if (line.StartsWith(CreatedByPrefix))
        {
            FlushPendingFunction();
            var creator = line[CreatedByPrefix.Length..];
            var from = creator.IndexOf(InGoroutine);
            _pendingFunction = Intern(from >= 0 ? creator[..from] : creator);
            _pendingCreatedBy = true;
            return true;
        }

        if (line[^1] == (byte)')' && line.LastIndexOf((byte)'(') is > 0 and var paren)
        {
            FlushPendingFunction();
            _pendingFunction = Intern(line[..paren]);
            return true;
        }

        if (line.StartsWith("...additional frames elided..."u8) || line.StartsWith("goroutine running on other thread"u8) ||
            (line[0] == (byte)'[' && line[^1] == (byte)':'))
        {
            return true;
        }

        EndGoroutine();
        return false;
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
        if (colon > 0 && TryParseLong(location[(colon + 1)..], out var parsed))
        {
            number = parsed;
            location = location[..colon];
        }

        AddFrame(_pendingFunction, Intern(location), number);
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
        if (!_frames.TryGetValue((function, file, line), out var frame))
        {
            frame = new GoroutineFrame(function, file, line);
            _frames.Add((function, file, line), frame);
        }

        if (_pendingCreatedBy)
        {
            _createdBy = frame;
            _pendingCreatedBy = false;
            return;
        }

        if (_current.Count >= MaxFramesPerGoroutine)
        {
            throw ByteLineReaderErrors.TooManyFrames(_source, _reader.LineNumber, MaxFramesPerGoroutine);
        }

        _current.Add(frame);
    }

    private void EndGoroutine()
    {
        FlushPendingFunction();
        _inGoroutine = false;
        _total++;
        var hash = HashStack();
        if (!_stacksByHash.TryGetValue(hash, out var candidates))
        {
            candidates = [];
            _stacksByHash.Add(hash, candidates);
        }

        GoroutineStackBuilder? stack = null;
        foreach (var candidate in candidates)
        {
            if (SameStack(candidate))
            {
                stack = candidate;
                break;
            }
        }

        if (stack is null)
        {
            if (_stacks.Count >= _maxStacks)
            {
                throw new BadInputException(_source, $"more than {_maxStacks} distinct goroutine stacks (limit)", lineNumber: _reader.LineNumber);
            }

            stack = new GoroutineStackBuilder([.. _current], _createdBy);
            candidates.Add(stack);
            _stacks.Add(stack);
        }

        stack.Add(_state, 1, _waitMinutes, _locked);
    }

    // Frames are shared objects, so a stack's identity is the sequence of their references.
    private int HashStack()
    {
        var hash = new HashCode();
        foreach (var frame in _current)
        {
            hash.Add(RuntimeHelpers.GetHashCode(frame));
        }

        hash.Add(_createdBy is null ? 0 : RuntimeHelpers.GetHashCode(_createdBy));
        return hash.ToHashCode();
    }

    private bool SameStack(GoroutineStackBuilder candidate)
    {
        if (!ReferenceEquals(candidate.CreatedBy, _createdBy) || candidate.Frames.Length != _current.Count)
        {
            return false;
        }

        for (var i = 0; i < _current.Count; i++)
        {
            if (!ReferenceEquals(candidate.Frames[i], _current[i]))
            {
                return false;
            }
        }

        return true;
    }

    private string Intern(ReadOnlySpan<byte> utf8)
    {
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }

        var count = Encoding.UTF8.GetChars(utf8, _chars);
        var chars = _chars.AsSpan(0, count);
        if (_stringLookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }

        var created = new string(chars);
        _strings.Add(created);
        return created;
    }

    private static bool TryParseLong(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
