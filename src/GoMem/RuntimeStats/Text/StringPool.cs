namespace GoMem.RuntimeStats.Text;

/// <summary>
/// Interns short strings read from spans (metric names, label names, repeated label values) so a million samples
/// share a few thousand strings. Bounded: once full, new strings are simply allocated.
/// </summary>
internal sealed class StringPool(int capacity)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Get(ReadOnlySpan<char> text)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var created = text.ToString();
        if (_strings.Count < capacity)
        {
            _strings.Add(created, created);
        }

        return created;
    }
}
