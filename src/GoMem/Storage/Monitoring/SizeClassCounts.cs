using System.Collections;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Size classes of a runtime sample: each class's object size and live object count (MemStats.BySize, Mallocs −
/// Frees), equal by content so samples compare by value. Stored as a varint blob: the count, then size and live
/// objects of each class.
/// </summary>
public sealed class SizeClassCounts : IReadOnlyList<(long Size, long LiveObjects)>, IEquatable<SizeClassCounts>
{
    private readonly (long Size, long LiveObjects)[] _classes;

    public SizeClassCounts(IEnumerable<(long Size, long LiveObjects)> classes)
    {
        _classes = [.. classes];
        foreach (var (size, live) in _classes)
        {
            if (size < 0 || live < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(classes), "size classes have non-negative sizes and counts");
            }
        }
    }

    public int Count => _classes.Length;

    public (long Size, long LiveObjects) this[int index] => _classes[index];

    public IEnumerator<(long Size, long LiveObjects)> GetEnumerator() => ((IEnumerable<(long Size, long LiveObjects)>)_classes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(SizeClassCounts? other) => other is not null && _classes.AsSpan().SequenceEqual(other._classes);

    public override bool Equals(object? obj) => Equals(obj as SizeClassCounts);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in _classes)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    internal byte[] Encode()
    {
        var writer = new VarintWriter(1 + (_classes.Length * 6));
        writer.Unsigned((ulong)_classes.Length);
        foreach (var (size, live) in _classes)
        {
            writer.Unsigned((ulong)size);
            writer.Unsigned((ulong)live);
        }

        return writer.ToArray();
    }

    internal static SizeClassCounts Decode(byte[] blob, string source)
    {
        var reader = new VarintReader(blob, source);
        var classes = new (long, long)[reader.Count()];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = (Checked(reader.Unsigned(), source), Checked(reader.Unsigned(), source));
        }

        return new SizeClassCounts(classes);
    }

    private static long Checked(ulong value, string source) =>
        value <= long.MaxValue ? (long)value : throw new GoMem.IO.BadInputException(source, "a stored size class is out of range (damaged store?)", 0);
}
