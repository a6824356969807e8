using System.Text;
using GoMem.RuntimeStats.Prometheus;

namespace GoMem.RuntimeStats.GoMetrics;

/// <summary>
/// The labels that tell one scraped process from another in an exposition holding several (<c>instance</c>,
/// <c>job</c>, <c>pod</c>, ... whatever is left on a Go runtime sample once its own labels such as <c>quantile</c>
/// are removed), sorted by name. Two targets are equal when their labels are. A single-process /metrics page has
/// one target with no labels.
/// </summary>
public sealed class MetricsTarget : IEquatable<MetricsTarget>
{
    public MetricsTarget(IEnumerable<MetricLabel> labels)
    {
        var sorted = labels.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        Labels = sorted;
        Key = Format(sorted);
    }

    public IReadOnlyList<MetricLabel> Labels { get; }

    /// <summary>The labels in Prometheus selector form, e.g. <c>{instance="10.0.0.1:8080",job="api"}</c>; <c>{}</c> for none.</summary>
    public string Key { get; }

    /// <summary>True when every label of <paramref name="selector"/> is on this target with the same value.</summary>
    public bool Matches(IEnumerable<MetricLabel> selector)
    {
        foreach (var wanted in selector)
        {
            var found = false;
            foreach (var label in Labels)
            {
                if (label.Name == wanted.Name)
                {
                    found = label.Value == wanted.Value;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(MetricsTarget? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as MetricsTarget);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Key;

    internal static string Format(ReadOnlySpan<MetricLabel> sortedLabels)
    {
        var builder = new StringBuilder("{");
        for (var i = 0; i < sortedLabels.Length; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(sortedLabels[i].ToString());
        }

        return builder.Append('}').ToString();
    }
}
