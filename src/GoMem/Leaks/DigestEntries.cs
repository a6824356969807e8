namespace GoMem.Leaks;

/// <summary>How a digest keeps its entries: in key order in one exact-size array, keys and frames shared through the interner when there is one.</summary>
internal static class DigestEntries
{
    public static KeyValuePair<string, T>[] Sorted<T>(Dictionary<string, T> entries, LeakInterner? interner, Action<T, LeakInterner> intern)
    {
        var sorted = new KeyValuePair<string, T>[entries.Count];
        var i = 0;
        foreach (var (key, value) in entries)
        {
            if (interner is not null)
            {
                intern(value, interner);
            }

            sorted[i++] = KeyValuePair.Create(interner is null ? key : interner.String(key), value);
        }

        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return sorted;
    }
}
