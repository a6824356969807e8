using System.Collections;
using System.Text;
using System.Text.Json;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// A target's labels (Prometheus style: name → value), kept sorted by name (ordinal) so equal sets are equal lists
/// and have one canonical JSON form, <c>{"name":"value",...}</c>, which is how stores keep them.
/// </summary>
public sealed class TargetLabels : IReadOnlyList<KeyValuePair<string, string>>, IEquatable<TargetLabels>
{
    private readonly KeyValuePair<string, string>[] _labels;

    /// <summary>The labels, sorted by name; a name given twice is an <see cref="ArgumentException"/>.</summary>
    public TargetLabels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = [.. labels.OrderBy(l => l.Key, StringComparer.Ordinal)];
        for (var i = 0; i < _labels.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_labels[i].Key, nameof(labels));
            ArgumentNullException.ThrowIfNull(_labels[i].Value, nameof(labels));
            if (i > 0 && _labels[i].Key == _labels[i - 1].Key)
            {
                throw new ArgumentException($"label \"{_labels[i].Key}\" is given twice", nameof(labels));
            }
        }
    }

    public static TargetLabels Empty { get; } = new([]);

    public int Count => _labels.Length;

    public KeyValuePair<string, string> this[int index] => _labels[index];

    public static TargetLabels Of(params (string Name, string Value)[] labels) => new(labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));

    /// <summary>The value of the label, or null.</summary>
    public string? Get(string name)
    {
        foreach (var label in _labels)
        {
            if (label.Key == name)
            {
                return label.Value;
            }
        }

        return null;
    }

    /// <summary>The canonical JSON object: names in ordinal order, no whitespace, the same text for the same labels.</summary>
    public string ToCanonicalJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var label in _labels)
            {
                writer.WriteString(label.Key, label.Value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads the JSON object form back (any order, any whitespace); a value that is not a string is a <see cref="JsonException"/>.</summary>
    public static TargetLabels FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("target labels must be a JSON object");
        }

        return new(document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? throw new JsonException($"label \"{p.Name}\" is null"))));
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_labels).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(TargetLabels? other) => other is not null && _labels.AsSpan().SequenceEqual(other._labels);

    public override bool Equals(object? obj) => Equals(obj as TargetLabels);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var label in _labels)
        {
            hash.Add(label.Key, StringComparer.Ordinal);
            hash.Add(label.Value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => ToCanonicalJson();
}
