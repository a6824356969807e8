namespace GoMem.Leaks;

/// <summary>How a digest keeps its entries: in key order in one exact-size array, keys and frames shared through the interner when there is one.</summary>
internal static class DigestEntries
{
    public static KeyValuePair<string, T>[] Sorted<T>(Dictionary<string, T> entries, LeakInterner? interner, Action<T, LeakInterner> intern) =>
        Sorted(entries, interner, static (key, shared) => shared.String(key), intern, StringComparer.Ordinal);

    public static KeyValuePair<TKey, T>[] Sorted<TKey, T>(
        Dictionary<TKey, T> entries, LeakInterner? interner, Func<TKey, LeakInterner, TKey> internKey, Action<T, LeakInterner> intern, IComparer<TKey> order)
        where TKey : notnull
    {
        var sorted = new KeyValuePair<TKey, T>[entries.Count];
        var i = 0;
        foreach (var (key, value) in entries)
        {
            if (interner is not null)
            {
                intern(value, interner);
            }

            sorted[i++] = KeyValuePair.Create(interner is null ? key : internKey(key, interner), value);
        }

        Array.Sort(sorted, (a, b) => order.Compare(a.Key, b.Key));
        return sorted;
    }
}
