using System.Text;
using System.Text.RegularExpressions;

namespace GoMem.Monitoring.Alerting;

/// <summary>
/// Annotation templates: <c>{{ name }}</c> is replaced by the variable's value (<see cref="AlertConditions.VariablesOf"/>
/// lists them per condition; a target label is <c>{{ labels.NAME }}</c>). Nothing else is interpreted, so a template
/// cannot fail once its variables were checked when the rule file was read.
/// </summary>
public static partial class AlertTemplate
{
    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The variables <paramref name="template"/> uses, in order.</summary>
    public static IEnumerable<string> VariablesIn(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>True when <paramref name="name"/> is one of <paramref name="known"/> or a label reference.</summary>
    public static bool IsKnown(string name, IReadOnlyList<string> known) =>
        known.Contains(name, StringComparer.Ordinal) || (name.StartsWith("labels.", StringComparison.Ordinal) && name.Length > "labels.".Length);

    public static string Render(string template, IReadOnlyDictionary<string, string> variables, LabelSet labels)
    {
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            return template;
        }

        var text = new StringBuilder(template.Length + 64);
        var at = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            text.Append(template, at, m.Index - at);
            var name = m.Groups[1].Value;
            var value = name.StartsWith("labels.", StringComparison.Ordinal)
                ? labels.Get(name["labels.".Length..])
                : variables.TryGetValue(name, out var v) ? v : null;
            text.Append(value ?? "");
            at = m.Index + m.Length;
        }

        return text.Append(template, at, template.Length - at).ToString();
    }
}
