using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace GoMem.Monitoring.Config;

/// <summary>
/// Reads Prometheus target groups (<c>{targets: [host:port, ...], labels: {name: value}}</c>), the same in
/// <c>static_configs</c> and in file_sd files, and label sets such as <c>external_labels</c>.
/// </summary>
internal static class TargetGroupReader
{
    public const string SchemeLabel = "__scheme__";
    public const string MemoryLimitLabel = "__memory_limit__";

    private static readonly string[] GroupKeys = ["targets", "labels"];
    private static readonly string[] ReservedLabels = [SchemeLabel, MemoryLimitLabel];

    /// <param name="budget">How many more targets may be read; lowered by the group's count.</param>
    public static TargetGroup Read(ConfigYaml yaml, YamlNode node, string path, TargetBudget budget)
    {
        var fields = yaml.Mapping(node, path, GroupKeys);
        var targets = new List<string>();
        if (fields.TryGetValue("targets", out var list))
        {
            var items = yaml.Sequence(list.Value, ConfigYaml.Join(path, "targets"));
            budget.Take(items.Count, count => yaml.Error(list.Value, ConfigYaml.Join(path, "targets"), $"{count:N0} more targets would pass the limit of {budget.Max:N0} targets"));
            for (var i = 0; i < items.Count; i++)
            {
                var itemPath = $"{ConfigYaml.Join(path, "targets")}[{i}]";
                var address = yaml.Scalar(items[i], itemPath);
                if (!IsHostPort(address, out var problem))
                {
                    throw yaml.Error(items[i], itemPath, $"\"{ConfigYaml.Shorten(address)}\" is not host:port ({problem})");
                }

                targets.Add(address);
            }
        }

        string? scheme = null;
        long? memoryLimit = null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.TryGetValue("labels", out var labelsNode) && !ConfigYaml.IsNull(labelsNode.Value))
        {
            var labelsPath = ConfigYaml.Join(path, "labels");
            foreach (var (name, (keyNode, valueNode)) in yaml.Mapping(labelsNode.Value, labelsPath))
            {
                var labelPath = ConfigYaml.Join(labelsPath, name);
                var value = LabelValue(yaml, valueNode, labelPath);
                if (!name.StartsWith("__", StringComparison.Ordinal))
                {
                    CheckLabelName(yaml, keyNode, labelPath, name);
                    labels[name] = value;
                }
                else if (name == SchemeLabel)
                {
                    scheme = Scheme(yaml, valueNode, labelPath, value);
                }
                else if (name == MemoryLimitLabel)
                {
                    memoryLimit = yaml.Size(valueNode, labelPath, value);
                }
                else if (Suggestions.Closest(name, ReservedLabels) is { } meant)
                {
                    throw yaml.Error(keyNode, labelPath, $"unknown label \"{name}\"; did you mean \"{meant}\"? (labels starting with __ other than {string.Join(" and ", ReservedLabels)} are dropped)");
                }
            }
        }

        return new TargetGroup(targets, LabelSet.From(labels), scheme, memoryLimit, yaml.Source, node.Start.Line);
    }

    /// <summary>A mapping of label names to values with no reserved (__) names, such as <c>external_labels</c>.</summary>
    public static LabelSet ReadLabels(ConfigYaml yaml, YamlNode node, string path)
    {
        if (ConfigYaml.IsNull(node))
        {
            return LabelSet.Empty;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, (keyNode, valueNode)) in yaml.Mapping(node, path))
        {
            var labelPath = ConfigYaml.Join(path, name);
            CheckLabelName(yaml, keyNode, labelPath, name);
            if (name.StartsWith("__", StringComparison.Ordinal))
            {
                throw yaml.Error(keyNode, labelPath, $"\"{name}\": label names starting with __ are reserved");
            }

            labels[name] = LabelValue(yaml, valueNode, labelPath);
        }

        return LabelSet.From(labels);
    }

    public static string Scheme(ConfigYaml yaml, YamlNode node, string path, string value) =>
        value is "http" or "https" ? value : throw yaml.Error(node, path, $"\"{ConfigYaml.Shorten(value)}\" is not a scheme: http or https");

    /// <summary>
    /// host:port as Prometheus takes a target: a DNS name or IPv4 address, or an IPv6 address in brackets, and a port
    /// from 1 to 65535; no scheme, no path.
    /// </summary>
    public static bool IsHostPort(string address, out string problem)
    {
        problem = "";
        if (address.Contains("://", StringComparison.Ordinal))
        {
            problem = "no scheme here: set scheme: https in the job instead";
            return false;
        }

        if (address.Contains('/', StringComparison.Ordinal))
        {
            problem = "no path here: set profiling_config.path_prefix in the job instead";
            return false;
        }

        string host, port;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= address.Length || address[close + 1] != ':')
            {
                problem = "an IPv6 address in brackets needs :port after it, like [::1]:6060";
                return false;
            }

            host = address[1..close];
            port = address[(close + 2)..];
            if (Uri.CheckHostName(host) != UriHostNameType.IPv6)
            {
                problem = $"\"{host}\" is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = address.LastIndexOf(':');
            if (colon < 0)
            {
                problem = "the port is missing, like localhost:6060";
                return false;
            }

            (host, port) = (address[..colon], address[(colon + 1)..]);
            if (host.Contains(':', StringComparison.Ordinal))
            {
                problem = "an IPv6 address needs brackets, like [::1]:6060";
                return false;
            }

            if (host.Length == 0 || host.Length > 253 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                problem = "the host is not a name or an IPv4 address";
                return false;
            }
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            problem = "the port is not a number from 1 to 65535";
            return false;
        }

        return true;
    }

    private static string LabelValue(ConfigYaml yaml, YamlNode node, string path) =>
        ConfigYaml.IsNull(node) ? "" : yaml.Scalar(node, path);

    /// <summary>Prometheus' label names: a letter or '_', then letters, digits and '_'.</summary>
    private static void CheckLabelName(ConfigYaml yaml, YamlNode node, string path, string name)
    {
        var valid = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!valid)
        {
            throw yaml.Error(node, path, $"\"{ConfigYaml.Shorten(name)}\" is not a label name (letters, digits and _, not starting with a digit)");
        }
    }
}

/// <summary>The targets still allowed while reading one file.</summary>
internal sealed class TargetBudget(int max)
{
    public int Max { get; } = max;

    public int Left { get; private set; } = max;

    public void Take(int count, Func<int, Exception> tooMany)
    {
        if (count > Left)
        {
            throw tooMany(count);
        }

        Left -= count;
    }
}
