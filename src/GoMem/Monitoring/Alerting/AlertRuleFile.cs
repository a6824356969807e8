using System.Globalization;
using GoMem.IO;
using GoMem.Monitoring.Config;
using YamlDotNet.RepresentationModel;

namespace GoMem.Monitoring.Alerting;

/// <summary>
/// Reads a rule file (<c>gomem watch --rules FILE</c>): a <c>rules:</c> list whose items are
/// <c>{alert, condition, threshold | horizon | window, for, labels, annotations}</c> (docs/ALERTS.md), strictly, as the
/// watch configuration is read: every problem is one line naming the file, the line and the key
/// (<c>rules[2].threshold</c>). <c>gomem export alert-rules</c> writes the built-in rules in this form.
/// </summary>
public static class AlertRuleFile
{
    private const long MaxFileBytes = 1L << 20;

    private static readonly string[] RootKeys = ["rules"];

    private static readonly string[] RuleKeys = ["alert", "condition", "threshold", "horizon", "window", "for", "labels", "annotations"];

    /// <exception cref="BadInputException">The file is not a valid rule file: file:line: key: problem.</exception>
    public static IReadOnlyList<AlertRule> Load(string path) => Parse(path, FileSdReader.Decode(FileSdReader.ReadBounded(path, MaxFileBytes)));

    public static IReadOnlyList<AlertRule> Parse(string source, string text)
    {
        var stream = YamlInput.Parse(source, text);
        if (stream.Documents.Count == 0 || ConfigYaml.IsNull(stream.Documents[0].RootNode))
        {
            throw new BadInputException(source, "the rule file is empty (it needs rules:)", lineNumber: 1);
        }

        var yaml = new ConfigYaml(source);
        var root = yaml.Mapping(stream.Documents[0].RootNode, "", RootKeys);
        if (!root.TryGetValue("rules", out var rulesEntry))
        {
            throw new BadInputException(source, "rules: missing: a rule file is a list of rules under rules:", lineNumber: stream.Documents[0].RootNode.Start.Line);
        }

        var rules = new List<AlertRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = yaml.Sequence(rulesEntry.Value, "rules");
        for (var i = 0; i < items.Count; i++)
        {
            var rule = Rule(yaml, items[i], $"rules[{i.ToString(CultureInfo.InvariantCulture)}]");
            if (!names.Add(rule.Name))
            {
                throw yaml.Error(items[i], $"rules[{i.ToString(CultureInfo.InvariantCulture)}].alert", $"\"{rule.Name}\" is the name of an earlier rule too; each rule needs its own");
            }

            rules.Add(rule);
        }

        return rules;
    }

    private static AlertRule Rule(ConfigYaml yaml, YamlNode node, string path)
    {
        var fields = yaml.Mapping(node, path, RuleKeys);
        YamlNode Required(string key) => fields.TryGetValue(key, out var entry)
            ? entry.Value
            : throw yaml.Error(node, ConfigYaml.Join(path, key), "missing");

        var nameNode = Required("alert");
        var name = yaml.Scalar(nameNode, ConfigYaml.Join(path, "alert"));
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw yaml.Error(nameNode, ConfigYaml.Join(path, "alert"), $"\"{ConfigYaml.Shorten(name)}\" is not an alert name (letters, digits and _, not starting with a digit)");
        }

        var conditionNode = Required("condition");
        var conditionText = yaml.Scalar(conditionNode, ConfigYaml.Join(path, "condition"));
        if (AlertConditions.Parse(conditionText) is not { } condition)
        {
            var guess = Suggestions.Closest(conditionText, AlertConditions.Names);
            throw yaml.Error(conditionNode, ConfigYaml.Join(path, "condition"),
                $"unknown condition \"{ConfigYaml.Shorten(conditionText)}\"{(guess is null ? "" : $"; did you mean \"{guess}\"?")} (known: {string.Join(", ", AlertConditions.Names)})");
        }

        var parameters = AlertConditions.ParametersOf(condition);
        foreach (var key in new[] { "threshold", "horizon", "window" })
        {
            if (parameters.Contains(key) && !fields.ContainsKey(key))
            {
                throw yaml.Error(node, ConfigYaml.Join(path, key), $"missing: condition {conditionText} needs a {key}");
            }

            if (!parameters.Contains(key) && fields.TryGetValue(key, out var extra))
            {
                var takes = parameters.Count == 0 ? "no parameters" : string.Join(" and ", parameters);
                throw yaml.Error(extra.Key, ConfigYaml.Join(path, key), $"condition {conditionText} takes {takes}, not {key}");
            }
        }

        var labelsPath = ConfigYaml.Join(path, "labels");
        var labelsNode = fields.TryGetValue("labels", out var labelsEntry) ? labelsEntry.Value : null;
        var labels = labelsNode is null ? LabelSet.Empty : TargetGroupReader.ReadLabels(yaml, labelsNode, labelsPath);
        if (labels.Get("severity") is not { Length: > 0 })
        {
            throw yaml.Error(labelsNode ?? node, ConfigYaml.Join(labelsPath, "severity"), "missing: every rule needs a severity label (critical, warning or info)");
        }

        if (labels.ContainsKey("alertname"))
        {
            throw yaml.Error(labelsNode ?? node, ConfigYaml.Join(labelsPath, "alertname"), "set by the rule's alert: name, not as a label");
        }

        return new AlertRule
        {
            Name = name,
            Condition = condition,
            Threshold = fields.TryGetValue("threshold", out var threshold) ? Number(yaml, threshold.Value, ConfigYaml.Join(path, "threshold")) : null,
            Horizon = fields.TryGetValue("horizon", out var horizon) ? yaml.Duration(horizon.Value, ConfigYaml.Join(path, "horizon")) : null,
            Window = fields.TryGetValue("window", out var window) ? yaml.Duration(window.Value, ConfigYaml.Join(path, "window")) : null,
            For = fields.TryGetValue("for", out var wait) ? For(yaml, wait.Value, ConfigYaml.Join(path, "for")) : TimeSpan.Zero,
            Labels = labels,
            Annotations = fields.TryGetValue("annotations", out var annotations) ? Annotations(yaml, annotations.Value, ConfigYaml.Join(path, "annotations"), condition) : [],
        };
    }

    private static double Number(ConfigYaml yaml, YamlNode node, string path)
    {
        var text = yaml.Scalar(node, path);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0
            ? value
            : throw yaml.Error(node, path, $"\"{ConfigYaml.Shorten(text)}\" is not a number above zero");
    }

    /// <summary>A wait: a Go or Prometheus duration, zero (<c>0s</c>) meaning at once.</summary>
    private static TimeSpan For(ConfigYaml yaml, YamlNode node, string path)
    {
        var text = yaml.Scalar(node, path);
        return GoDuration.TryParse(text, allowDaysWeeksYears: true, out var wait) && wait >= TimeSpan.Zero
            ? wait
            : throw yaml.Error(node, path, $"\"{ConfigYaml.Shorten(text)}\" is not a duration (like 0s, 30s, 2m, 1h)");
    }

    private static List<KeyValuePair<string, string>> Annotations(ConfigYaml yaml, YamlNode node, string path, AlertCondition condition)
    {
        var known = AlertConditions.VariablesOf(condition);
        var annotations = new List<KeyValuePair<string, string>>();
        if (ConfigYaml.IsNull(node))
        {
            return annotations;
        }

        foreach (var (key, (_, valueNode)) in yaml.Mapping(node, path))
        {
            var keyPath = ConfigYaml.Join(path, key);
            var template = yaml.Scalar(valueNode, keyPath);
            foreach (var variable in AlertTemplate.VariablesIn(template))
            {
                if (!AlertTemplate.IsKnown(variable, known))
                {
                    var guess = Suggestions.Closest(variable, known);
                    throw yaml.Error(valueNode, keyPath, $"unknown variable {{{{ {variable} }}}}{(guess is null ? "" : $"; did you mean {{{{ {guess} }}}}?")} (known here: {string.Join(", ", known)}, labels.NAME)");
                }
            }

            annotations.Add(new(key, template));
        }

        return annotations;
    }
}
