using System.Globalization;
using GoMem.Gc.Tuning;
using GoMem.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GoMem.Monitoring.Config;

/// <summary>
/// Reads one YAML file of the watch configuration strictly: every value of the expected kind, every key known, and
/// every problem one <see cref="BadInputException"/> line naming the file, the line and the key path
/// (<c>scrape_configs[0].scrape_interval</c>). YAML merge keys (<c>&lt;&lt;: *defaults</c>) work as in Prometheus.
/// </summary>
internal sealed class ConfigYaml(string source)
{
    private const string MergeKey = "<<";

    public string Source { get; } = source;

    public BadInputException Error(YamlNode node, string path, string problem) =>
        YamlInput.Error(Source, node, path.Length == 0 ? problem : $"{path}: {problem}");

    /// <summary>The entries of a mapping (merge keys applied), refusing keys not in <paramref name="known"/>.</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Mapping(YamlNode node, string path, IReadOnlyList<string> known)
    {
        var fields = Mapping(node, path);
        foreach (var (key, (keyNode, _)) in fields)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var guess = Suggestions.Closest(key, known);
                var hint = guess is null ? "" : $"; did you mean \"{guess}\"?";
                throw Error(keyNode, Join(path, key), $"unknown key \"{key}\"{hint} (known here: {string.Join(", ", known)})");
            }
        }

        return fields;
    }

    /// <summary>The entries of a mapping with any keys (labels), merge keys applied.</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Mapping(YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, path, $"expected a mapping (key: value), found {Describe(node)}");
        }

        var fields = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        var merged = new List<YamlNode>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw Error(keyNode, path, $"a key must be a plain string, found {Describe(keyNode)}");
            }

            if (key == MergeKey && keyNode is YamlScalarNode { Style: ScalarStyle.Plain })
            {
                merged.Add(value);
                continue;
            }

            fields[key] = (keyNode, value);
        }

        foreach (var source in merged.SelectMany(m => m is YamlSequenceNode list ? list.Children : [m]))
        {
            foreach (var (key, entry) in Mapping(source, path))
            {
                fields.TryAdd(key, entry);
            }
        }

        return fields;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" };

    public string Scalar(YamlNode node, string path)
    {
        if (node is not YamlScalarNode { Value: { } text } || IsNull(node))
        {
            throw Error(node, path, $"expected a value, found {Describe(node)}");
        }

        return text;
    }

    public bool Bool(YamlNode node, string path) => Scalar(node, path) switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var other => throw Error(node, path, $"\"{other}\" is not true or false"),
    };

    public int Int(YamlNode node, string path, int min, int max)
    {
        var text = Scalar(node, path);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(node, path, $"\"{text}\" is not a whole number from {min} to {max}");
    }

    /// <summary>A positive duration: Go's syntax (1m30s, 500ms, 1.5h) or Prometheus' (5m, 1d, 1w, 1y).</summary>
    public TimeSpan Duration(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        if (!GoDuration.TryParse(text, allowDaysWeeksYears: true, out var duration))
        {
            throw Error(node, path, $"\"{text}\" is not a duration (like 30s, 1m30s, 500ms, 1.5h, 5m, 1d)");
        }

        return duration > TimeSpan.Zero ? duration : throw Error(node, path, $"\"{text}\" must be longer than zero");
    }

    /// <summary>
    /// A memory size: a Kubernetes quantity (512Mi, 1Gi, 1G = 10^9 bytes, 129e6) as a container's limit is written,
    /// else a GOMEMLIMIT-style size (512MiB, 1GiB, 1.5GB). "512m" is refused: Kubernetes reads it as 0.512 bytes.
    /// </summary>
    public long Size(YamlNode node, string path) => Size(node, path, Scalar(node, path));

    public long Size(YamlNode node, string path, string text)
    {
        if (text.EndsWith('m'))
        {
            throw Error(node, path, $"\"{text}\" is {text[..^1]} thousandths of a byte in Kubernetes' notation; write {text[..^1]}Mi or {text[..^1]}MiB");
        }

        if (!KubernetesQuantity.TryParse(text, out var bytes) && !ByteSize.TryParse(text, out bytes))
        {
            throw Error(node, path, $"\"{text}\" is not a memory size (like 512Mi, 1Gi, 1G, 512MiB)");
        }

        return bytes > 0 ? bytes : throw Error(node, path, $"\"{text}\" must be more than zero bytes");
    }

    /// <summary>The items of a sequence; a null value is an empty one.</summary>
    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string path) => node switch
    {
        YamlSequenceNode list => [.. list.Children],
        _ when IsNull(node) => [],
        _ => throw Error(node, path, $"expected a list, found {Describe(node)}"),
    };

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode { Value: var text } => $"\"{Shorten(text ?? "")}\"",
        _ => "something else",
    };

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
