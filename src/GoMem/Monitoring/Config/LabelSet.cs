using System.Collections;
using System.Text;

namespace GoMem.Monitoring.Config;

/// <summary>
/// An immutable set of Prometheus labels, sorted by name as Prometheus keeps them, compared by value: two targets
/// with the same labels are the same target.
/// </summary>
public sealed class LabelSet : IReadOnlyDictionary<string, string>, IEquatable<LabelSet>
{
    private readonly KeyValuePair<string, string>[] sorted;

    private LabelSet(KeyValuePair<string, string>[] sorted) => this.sorted = sorted;

    public static LabelSet Empty { get; } = new([]);

    public int Count => sorted.Length;

    public IEnumerable<string> Keys => sorted.Select(p => p.Key);

    public IEnumerable<string> Values => sorted.Select(p => p.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public static LabelSet From(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            byName[name] = value;
        }

        return From(byName);
    }

    internal static LabelSet From(Dictionary<string, string> byName)
    {
        if (byName.Count == 0)
        {
            return Empty;
        }

        var pairs = byName.ToArray();
        Array.Sort(pairs, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LabelSet(pairs);
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out string value)
    {
        int low = 0, high = sorted.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(sorted[middle].Key, key);
            if (order == 0)
            {
                value = sorted[middle].Value;
                return true;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        value = "";
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)sorted).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(LabelSet? other)
    {
        if (other is null || other.sorted.Length != sorted.Length)
        {
            return false;
        }

        for (var i = 0; i < sorted.Length; i++)
        {
            if (!string.Equals(sorted[i].Key, other.sorted[i].Key, StringComparison.Ordinal) || !string.Equals(sorted[i].Value, other.sorted[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in sorted)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>As Prometheus prints a label set: <c>{instance="127.0.0.1:6060", job="api"}</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in sorted)
        {
            if (text.Length > 1)
            {
                text.Append(", ");
            }

            text.Append(name).Append("=\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('"');
        }

        return text.Append('}').ToString();
    }
}
