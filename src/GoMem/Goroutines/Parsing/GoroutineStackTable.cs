using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using GoMem.IO;

namespace GoMem.Goroutines.Parsing;

/// <summary>
/// The one place a goroutine dump's readers (tracebacks, ?debug=1, proto) keep what they read: names interned, frames
/// shared, and goroutines counted into one <see cref="GoroutineStack"/> per distinct stack as they come. Memory follows
/// the distinct stacks (a few hundred bytes each), never the goroutines, and a goroutine whose stack was seen before
/// costs no allocation. Every string in a frame or label is this table's own, so frames and stacks compare by reference.
/// </summary>
internal sealed class GoroutineStackTable
{
    private const int MaxSharedStateArrays = 4096;

    private readonly string _source;
    private readonly int _maxStacks;
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stringLookup;
    private readonly HashSet<GoroutineFrame> _frames = new(FrameComparer.Instance);
    private readonly HashSet<GoroutineFrame>.AlternateLookup<FrameKey> _frameLookup;
    private readonly HashSet<GoroutineStack> _stacks = new(StackComparer.Instance);
    private readonly HashSet<GoroutineStack>.AlternateLookup<StackKey> _stackLookup;
    private readonly List<GoroutineStack> _order = [];
    private readonly Dictionary<(string State, long Count), StateCount[]> _oneStates = [];
    private char[] _chars = new char[512];

    public GoroutineStackTable(string source, int maxStacks)
    {
        _source = source;
        _maxStacks = maxStacks;
        _stringLookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        _frameLookup = _frames.GetAlternateLookup<FrameKey>();
        _stackLookup = _stacks.GetAlternateLookup<StackKey>();
    }

    public int Count => _order.Count;

    /// <summary>The goroutines counted so far.</summary>
    public long Total { get; private set; }

    /// <summary>The table's copy of a UTF-8 name.</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }

        var count = Encoding.UTF8.GetChars(utf8, _chars);
        return Intern(_chars.AsSpan(0, count));
    }

    /// <summary>The table's copy of a name.</summary>
    public string Intern(ReadOnlySpan<char> chars)
    {
        if (_stringLookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }

        var created = new string(chars);
        _strings.Add(created);
        return created;
    }

    /// <summary>The one frame for a function, file and line whose strings came from <see cref="Intern(ReadOnlySpan{byte})"/>.</summary>
    public GoroutineFrame Frame(string function, string file, long line)
    {
        var key = new FrameKey(function, file, line);
        if (!_frameLookup.TryGetValue(key, out var frame))
        {
            frame = new GoroutineFrame(function, file, line);
            _frames.Add(frame);
        }

        return frame;
    }

    /// <summary>Counts <paramref name="count"/> goroutines into the stack of these frames, creator and labels (shared frames, interned labels).</summary>
    public GoroutineStack Add(ReadOnlySpan<GoroutineFrame> frames, GoroutineFrame? createdBy, string labels, string state, long count, long? waitMinutes, bool locked, long lineNumber)
    {
        if (count < 0 || count > long.MaxValue - Total)
        {
            throw new BadInputException(_source, count < 0 ? $"a negative goroutine count ({count})" : "goroutine counts that add up past 2^63", lineNumber: lineNumber);
        }

        Total += count;
        var key = new StackKey(frames, createdBy, labels, StackComparer.Hash(frames, createdBy, labels));
        if (!_stackLookup.TryGetValue(key, out var stack))
        {
            if (_order.Count >= _maxStacks)
            {
                throw new BadInputException(_source, $"more than {_maxStacks} distinct goroutine stacks (limit)", lineNumber: lineNumber);
            }

            stack = new GoroutineStack(frames.ToArray(), createdBy, labels, key.Hash);
            _stacks.Add(stack);
            _order.Add(stack);
        }

        stack.Add(state, count, waitMinutes, locked);
        return stack;
    }

    /// <summary>Records one goroutine's ancestors (nearest first) under its stack.</summary>
    public static void AddAncestry(GoroutineStack stack, List<PendingAncestor> ancestors, int count)
    {
        var span = CollectionsMarshal.AsSpan(ancestors)[..count];
        stack.Ancestry(span)?.Add(span);
    }

    /// <summary>Every stack, in order of first appearance, frozen.</summary>
    public GoroutineStack[] Build()
    {
        var stacks = new GoroutineStack[_order.Count];
        for (var i = 0; i < stacks.Length; i++)
        {
            _order[i].Freeze(OneState);
            stacks[i] = _order[i];
        }

        return stacks;
    }

    /// <summary>"k=v, k2=v2" sorted, numbers with their unit, as the table's own string; "" when there are none.</summary>
    public string LabelText(IReadOnlyList<(string Key, string Value)> labels)
    {
        if (labels.Count == 0)
        {
            return "";
        }

        var parts = new string[labels.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = labels[i].Key + "=" + labels[i].Value;
        }

        Array.Sort(parts, StringComparer.Ordinal);
        return Intern(string.Join(", ", parts));
    }

    private StateCount[] OneState(string state, long count)
    {
        if (_oneStates.TryGetValue((state, count), out var shared))
        {
            return shared;
        }

        StateCount[] created = [new StateCount(state, count)];
        if (_oneStates.Count < MaxSharedStateArrays)
        {
            _oneStates.Add((state, count), created);
        }

        return created;
    }

    private readonly record struct FrameKey(string Function, string File, long Line);

    private readonly ref struct StackKey(ReadOnlySpan<GoroutineFrame> frames, GoroutineFrame? createdBy, string labels, int hash)
    {
        public ReadOnlySpan<GoroutineFrame> Frames { get; } = frames;

        public GoroutineFrame? CreatedBy { get; } = createdBy;

        public string Labels { get; } = labels;

        public int Hash { get; } = hash;
    }

    /// <summary>Frames of interned strings: compared by reference, hashed by identity.</summary>
    private sealed class FrameComparer : IEqualityComparer<GoroutineFrame>, IAlternateEqualityComparer<FrameKey, GoroutineFrame>
    {
        public static readonly FrameComparer Instance = new();

        public bool Equals(GoroutineFrame? x, GoroutineFrame? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && ReferenceEquals(x.Function, y.Function) && ReferenceEquals(x.File, y.File) && x.Line == y.Line);

        public int GetHashCode(GoroutineFrame frame) => Hash(frame.Function, frame.File, frame.Line);

        public bool Equals(FrameKey key, GoroutineFrame frame) => ReferenceEquals(key.Function, frame.Function) && ReferenceEquals(key.File, frame.File) && key.Line == frame.Line;

        public int GetHashCode(FrameKey key) => Hash(key.Function, key.File, key.Line);

        public GoroutineFrame Create(FrameKey key) => new(key.Function, key.File, key.Line);

        private static int Hash(string function, string file, long line) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(function), RuntimeHelpers.GetHashCode(file), line);
    }

    /// <summary>Stacks of shared frames: compared by the references of their frames, creator and labels.</summary>
    private sealed class StackComparer : IEqualityComparer<GoroutineStack>, IAlternateEqualityComparer<StackKey, GoroutineStack>
    {
        public static readonly StackComparer Instance = new();

        public static int Hash(ReadOnlySpan<GoroutineFrame> frames, GoroutineFrame? createdBy, string labels)
        {
            var hash = new HashCode();
            foreach (var frame in frames)
            {
                hash.Add(RuntimeHelpers.GetHashCode(frame));
            }

            hash.Add(createdBy is null ? 0 : RuntimeHelpers.GetHashCode(createdBy));
            hash.Add(RuntimeHelpers.GetHashCode(labels));
            return hash.ToHashCode();
        }

        public bool Equals(GoroutineStack? x, GoroutineStack? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && Same(x.FrameArray, x.CreatedBy, x.Labels, y));

        public int GetHashCode(GoroutineStack stack) => stack.Hash;

        public bool Equals(StackKey key, GoroutineStack stack) => key.Hash == stack.Hash && Same(key.Frames, key.CreatedBy, key.Labels, stack);

        public int GetHashCode(StackKey key) => key.Hash;

        public GoroutineStack Create(StackKey key) => throw new NotSupportedException("stacks are added by the table");

        private static bool Same(ReadOnlySpan<GoroutineFrame> frames, GoroutineFrame? createdBy, string labels, GoroutineStack stack)
        {
            if (!ReferenceEquals(createdBy, stack.CreatedBy) || !ReferenceEquals(labels, stack.Labels) || frames.Length != stack.FrameArray.Length)
            {
                return false;
            }

            for (var i = 0; i < frames.Length; i++)
            {
                if (!ReferenceEquals(frames[i], stack.FrameArray[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>One <c>[originating from goroutine N]:</c> section of the goroutine being read (reused from goroutine to goroutine).</summary>
internal sealed class PendingAncestor
{
    public long Id { get; set; }

    public List<GoroutineFrame> Frames { get; } = [];

    public GoroutineFrame? CreatedBy { get; set; }
}
