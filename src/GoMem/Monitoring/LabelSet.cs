using System.Collections;
using System.Text;
using System.Text.Json;

namespace GoMem.Monitoring;

/// <summary>
/// An immutable set of Prometheus labels, sorted by name as Prometheus keeps them, compared by value: two targets
/// with the same labels are the same target. One canonical JSON form, <c>{"name":"value",...}</c> in name order, is
/// how stores keep it.
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

    public static LabelSet Of(params (string Name, string Value)[] labels) => From(labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));

    /// <summary>Reads the JSON object form back (any order, any whitespace); a value that is not a string is a <see cref="JsonException"/>.</summary>
    public static LabelSet FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("labels must be a JSON object");
        }

        return From(document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? throw new JsonException($"label \"{p.Name}\" is null"))));
    }

    /// <summary>The canonical JSON object: names in ordinal order, no whitespace, the same text for the same labels.</summary>
    public string ToCanonicalJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in sorted)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The value of the label, or null.</summary>
    public string? Get(string name) => TryGetValue(name, out var value) ? value : null;

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
