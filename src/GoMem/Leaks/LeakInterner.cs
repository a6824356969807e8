using GoMem.Goroutines;

namespace GoMem.Leaks;

/// <summary>
/// Shares the frames, stacks and keys of digests: each parsed profile brings its own copies of the same function
/// names, files and stacks, and a window of digests would otherwise hold one copy per snapshot. One interner may
/// serve several processes of one program (a collector shares one per job: replicas of a service have the same
/// names), so it is safe to use from several threads. Bounded: once full, new values are kept as they are.
/// </summary>
public sealed class LeakInterner(int capacity = 100_000)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GoroutineFrame, GoroutineFrame> _frames = [];
    private readonly Dictionary<GoroutineFrame[], GoroutineFrame[]> _stacks = new(SameFrames.Instance);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public GoroutineFrame Frame(GoroutineFrame frame)
    {
        lock (_lock)
        {
            return FrameLocked(frame);
        }
    }

    /// <summary>The stack with shared frames, itself shared with every equal stack seen before.</summary>
    public IReadOnlyList<GoroutineFrame> Stack(IReadOnlyList<GoroutineFrame> frames)
    {
        lock (_lock)
        {
            var shared = new GoroutineFrame[frames.Count];
            for (var i = 0; i < shared.Length; i++)
            {
                shared[i] = FrameLocked(frames[i]);
            }

            if (_stacks.TryGetValue(shared, out var existing))
            {
                return existing;
            }

            if (_stacks.Count < capacity)
            {
                _stacks.Add(shared, shared);
            }

            return shared;
        }
    }

    public string String(string text)
    {
        lock (_lock)
        {
            return StringLocked(text);
        }
    }

    private GoroutineFrame FrameLocked(GoroutineFrame frame)
    {
        if (_frames.TryGetValue(frame, out var shared))
        {
            return shared;
        }

        var interned = frame with { Function = StringLocked(frame.Function), File = StringLocked(frame.File) };
        if (_frames.Count < capacity)
        {
            _frames.Add(interned, interned);
        }

        return interned;
    }

    private string StringLocked(string text)
    {
        if (_strings.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (_strings.Count < capacity)
        {
            _strings.Add(text, text);
        }

        return text;
    }

    /// <summary>Stacks are equal when their frames are (frames compare by value).</summary>
    private sealed class SameFrames : IEqualityComparer<GoroutineFrame[]>
    {
        public static readonly SameFrames Instance = new();

        public bool Equals(GoroutineFrame[]? x, GoroutineFrame[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(GoroutineFrame[] frames)
        {
            var hash = new HashCode();
            foreach (var frame in frames)
            {
                hash.Add(frame);
            }

            return hash.ToHashCode();
        }
    }
}
