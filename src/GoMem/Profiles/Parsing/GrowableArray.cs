namespace GoMem.Profiles.Parsing;

/// <summary>A minimal append-only buffer of structs with direct span access (List without the indirection).</summary>
internal struct GrowableArray<T>(int capacity)
{
    private T[] _items = new T[Math.Max(capacity, 4)];

    public int Count { get; private set; }

    public readonly ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public readonly T this[int index] => _items[index];

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = item;
    }

    public readonly T[] ToArray() => _items.AsSpan(0, Count).ToArray();
}
