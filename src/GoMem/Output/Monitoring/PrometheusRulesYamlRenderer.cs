using GoMem.Monitoring.Exports;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem export prometheus-rules</c>: the rules as a Prometheus rule file (YAML), each with a comment saying why its
/// threshold is what it is. Expressions are literal block scalars, so PromQL is written as is; annotations are
/// double-quoted. The header says the profile-level verdicts stay with gomem watch.
/// </summary>
public static class PrometheusRulesYamlRenderer
{
    private const int CommentWidth = 116;

    public static void Write(TextWriter writer, IReadOnlyList<PrometheusRuleGroup> groups)
    {
        Comment(writer, "", "GoMem's threshold rules for Prometheus, over client_golang's metric names (go_memstats_*, go_goroutines, go_gc_*, process_*) and the series of gomem watch --listen. "
            + "Written by gomem export prometheus-rules; load it with rule_files in prometheus.yml, check it with promtool check rules.");
        Comment(writer, "", "The profile-level verdicts (which function leaks, which goroutine stack grows, at what rate) are not thresholds and are not evaluated here: gomem watch evaluates them itself "
            + "after each profile cycle and exposes the findings open as gomem_target_open_findings, which GoMemLeakFinding alerts on. "
            + "Scrape gomem watch --listen with honor_labels: true, so its series keep each service's job and instance.");
        writer.Write("groups:\n");
        foreach (var group in groups)
        {
            Comment(writer, "  ", group.Comment);
            writer.Write($"  - name: {group.Name}\n");
            writer.Write("    rules:\n");
            foreach (var rule in group.Rules)
            {
                Comment(writer, "      ", rule.Why);
                writer.Write(rule.Alert is { } alert ? $"      - alert: {alert}\n" : $"      - record: {rule.Record}\n");
                writer.Write("        expr: |-\n");
                foreach (var line in rule.Expr.Split('\n'))
                {
                    writer.Write($"          {line}\n");
                }

                if (rule.Alert is null)
                {
                    continue;
                }

                writer.Write($"        for: {PrometheusRule.FormatDuration(rule.For)}\n");
                writer.Write("        labels:\n");
                writer.Write($"          severity: {rule.Severity}\n");
                writer.Write("        annotations:\n");
                writer.Write($"          summary: {Quoted(rule.Summary ?? "")}\n");
                writer.Write($"          description: {Quoted(rule.Description ?? "")}\n");
            }
        }
    }

    /// <summary>A YAML double-quoted scalar: backslashes and quotes escaped, line breaks as \n.</summary>
    internal static string Quoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>Text as '#' comment lines, wrapped at word boundaries.</summary>
    internal static void Comment(TextWriter writer, string indent, string text)
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && indent.Length + 2 + line.Length + 1 + word.Length > CommentWidth)
            {
                writer.Write($"{indent}# {line}\n");
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            writer.Write($"{indent}# {line}\n");
        }
    }
}
