namespace GoMem.Monitoring;

/// <summary>
/// A 32-bit FNV-1a hash of a string's UTF-16 code units: the same in every process and run, unlike
/// <see cref="string.GetHashCode()"/>, so collectors on different machines agree on where a target's cycles fall and
/// which collector prefers which target.
/// </summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
