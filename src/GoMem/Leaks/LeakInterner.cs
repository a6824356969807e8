using GoMem.Goroutines;

namespace GoMem.Leaks;

/// <summary>
/// Shares the frames and keys of one process's digests: each parsed profile brings its own copies of the same
/// function names, files and stacks, and a window of digests would otherwise hold one copy per snapshot. Bounded:
/// once full, new values are kept as they are.
/// </summary>
public sealed class LeakInterner(int capacity = 100_000)
{
    private readonly Dictionary<GoroutineFrame, GoroutineFrame> _frames = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public GoroutineFrame Frame(GoroutineFrame frame)
    {
        if (_frames.TryGetValue(frame, out var shared))
        {
            return shared;
        }

        var interned = frame with { Function = String(frame.Function), File = String(frame.File) };
        if (_frames.Count < capacity)
        {
            _frames.Add(interned, interned);
        }

        return interned;
    }

    public IReadOnlyList<GoroutineFrame> Stack(IReadOnlyList<GoroutineFrame> frames)
    {
        var shared = new GoroutineFrame[frames.Count];
        for (var i = 0; i < shared.Length; i++)
        {
            shared[i] = Frame(frames[i]);
        }

        return shared;
    }

    public string String(string text)
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
}
