using GoMem.Monitoring.Config;

namespace GoMem.Monitoring.Exposition;

/// <summary>
/// The labels of a target's series on <c>/metrics</c>: <c>job</c> and <c>instance</c> first (as Prometheus sets them
/// when it scrapes the service itself, so the two sets of series join on them), then the target's other labels in
/// name order. Label names come from configuration files (file_sd files are written by other programs), so each is
/// made a valid Prometheus label name; values are any text, escaped by the exposition.
/// </summary>
internal static class ExpositionLabels
{
    /// <summary>Labels GoMem sets itself on some series: a target label of that name is exported as <c>exported_NAME</c>, as Prometheus renames clashing labels.</summary>
    private static readonly string[] Taken = [MetricNames.CodeLabel, "le", "quantile"];

    /// <summary>The label names and values of <paramref name="target"/>'s series, aligned.</summary>
    public static (string[] Names, string[] Values) Of(ResolvedTarget target)
    {
        var names = new List<string> { "job", "instance" };
        var values = new List<string> { target.Labels.TryGetValue("job", out var job) ? job : target.Job, target.Instance };
        foreach (var (name, value) in target.Labels)
        {
            if (name is "job" or "instance")
            {
                continue;
            }

            var valid = Sanitize(name);
            if (!names.Contains(valid, StringComparer.Ordinal))
            {
                names.Add(valid);
                values.Add(value);
            }
        }

        return ([.. names], [.. values]);
    }

    /// <summary>
    /// A valid label name for <paramref name="name"/>: characters other than ASCII letters, digits and '_' become '_',
    /// a leading digit gets a '_' before it, and a name Prometheus reserves (starting with <c>__</c>) or one GoMem
    /// sets itself gets the prefix <c>exported_</c>.
    /// </summary>
    public static string Sanitize(string name)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            chars[i] = char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_';
        }

        var valid = new string(chars);
        if (char.IsAsciiDigit(valid[0]))
        {
            valid = "_" + valid;
        }

        return valid.StartsWith("__", StringComparison.Ordinal) || Taken.Contains(valid, StringComparer.Ordinal) ? "exported_" + valid : valid;
    }
}
