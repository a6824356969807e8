using GoMem.IO;
using GoMem.Profiles.Analysis;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>
/// Which targets the overview keeps: those of one job (null: any) that have every label given with its value
/// (<c>?job=api&amp;label=env=prod&amp;label=zone=b</c>), so a filtered view is a link.
/// </summary>
public sealed class OverviewFilter
{
    private readonly Dictionary<string, string> _labels;

    private OverviewFilter(string? job, Dictionary<string, string> labels)
    {
        Job = job;
        _labels = labels;
    }

    public static OverviewFilter None { get; } = new(null, []);

    public string? Job { get; }

    public OverviewFilterView View => new(Job, new SortedDictionary<string, string>(_labels, StringComparer.Ordinal));

    /// <summary>
    /// The filter of a query: <paramref name="job"/> empty for any job, each label as <c>name=value</c>; a label
    /// without '=' or given twice is an <see cref="InvalidSettingException"/> (a 400).
    /// </summary>
    public static OverviewFilter Parse(string? job, IEnumerable<string>? labels)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels ?? [])
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidSettingException("label", $"\"{label}\" is not name=value (such as service=api)");
            }

            if (!wanted.TryAdd(label[..equals], label[(equals + 1)..]))
            {
                throw new InvalidSettingException("label", $"{label[..equals]} is given twice; a target has one value for it");
            }
        }

        return new OverviewFilter(string.IsNullOrEmpty(job) ? null : job, wanted);
    }

    public bool Matches(MonitoringTarget target)
    {
        if (Job is not null && target.Job != Job)
        {
            return false;
        }

        foreach (var (name, value) in _labels)
        {
            if (target.Labels.Get(name) != value)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// What a profile or diff view shows of its profiles, as <c>gomem top</c>'s options say it: the sample type
/// (<c>--sample-index</c>; null: the profile's default, inuse_space for a heap profile) and the focus (<c>--focus</c>:
/// only samples with a frame matching the regexp).
/// </summary>
public sealed record ProfileSelection(string? SampleType = null, string? Focus = null)
{
    public static ProfileSelection Default { get; } = new();

    public ReportOptions Options => new()
    {
        SampleIndex = string.IsNullOrEmpty(SampleType) ? null : SampleType,
        Focus = string.IsNullOrEmpty(Focus) ? null : Focus,
    };
}
