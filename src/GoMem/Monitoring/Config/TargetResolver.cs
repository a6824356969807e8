using GoMem.IO;

namespace GoMem.Monitoring.Config;

/// <summary>Turns a job's target groups into <see cref="ResolvedTarget"/>s, labelled as Prometheus labels them.</summary>
internal static class TargetResolver
{
    public const string JobLabel = "job";
    public const string InstanceLabel = "instance";

    /// <summary>Every target now, reading the file_sd files; strict: a broken file is an error.</summary>
    public static IReadOnlyList<ResolvedTarget> ResolveAll(WatchConfig config) => [.. Check(config).Jobs.SelectMany(j => j.Targets)];

    public static WatchConfigCheck Check(WatchConfig config)
    {
        var seen = new HashSet<ResolvedTarget>();
        var filesLeft = config.Limits.MaxFileSdFiles;
        var jobs = new List<JobCheck>(config.Jobs.Count);
        foreach (var job in config.Jobs)
        {
            var targets = new List<ResolvedTarget>();
            AddDistinct(Resolve(config, job, job.StaticConfigs), targets, seen, config);
            var files = new List<string>();
            foreach (var fileSd in job.FileSdConfigs)
            {
                foreach (var file in FileSdReader.Expand(fileSd, config.Path, filesLeft, config.Limits))
                {
                    filesLeft--;
                    files.Add(file);
                    var groups = FileSdReader.Parse(file, FileSdReader.ReadBounded(file, config.Limits.MaxFileBytes), config.Limits);
                    AddDistinct(Resolve(config, job, groups), targets, seen, config);
                }
            }

            jobs.Add(new JobCheck(job, files, targets));
        }

        return new WatchConfigCheck(config, jobs);
    }

    /// <summary>The targets of <paramref name="groups"/> in <paramref name="job"/>, in order.</summary>
    /// <exception cref="BadInputException">A group's targets would carry too many labels, or make no URL.</exception>
    public static List<ResolvedTarget> Resolve(WatchConfig config, ScrapeJob job, IEnumerable<TargetGroup> groups)
    {
        var targets = new List<ResolvedTarget>();
        foreach (var group in groups)
        {
            var scheme = group.Scheme ?? job.Scheme;
            var memoryLimit = group.MemoryLimitBytes ?? job.MemoryLimitBytes;
            foreach (var address in group.Targets)
            {
                var labels = new Dictionary<string, string>(group.Labels, StringComparer.Ordinal);
                labels.TryAdd(JobLabel, job.Name);
                labels.TryAdd(InstanceLabel, address);
                foreach (var (name, value) in config.Global.ExternalLabels)
                {
                    labels.TryAdd(name, value);
                }

                // As in Prometheus, a label with an empty value is no label.
                foreach (var empty in labels.Where(l => l.Value.Length == 0).Select(l => l.Key).ToList())
                {
                    labels.Remove(empty);
                }

                if (labels.Count > config.Limits.MaxLabelsPerTarget)
                {
                    throw new BadInputException(group.Source, $"targets here would carry {labels.Count} labels, more than the limit of {config.Limits.MaxLabelsPerTarget}", lineNumber: group.Line);
                }

                if (!Uri.TryCreate($"{scheme}://{address}{job.PathPrefix}", UriKind.Absolute, out var url))
                {
                    throw new BadInputException(group.Source, $"target \"{address}\" with scheme {scheme} and path prefix {job.PathPrefix} is not a URL", lineNumber: group.Line);
                }

                targets.Add(new ResolvedTarget(job.Name, address, url, LabelSet.From(labels), job.ScrapeInterval, job.ScrapeTimeout, job.Plan, memoryLimit, $"{group.Source}:{group.Line}"));
            }
        }

        return targets;
    }

    /// <summary>Appends the targets not seen yet (the same target in two groups is scraped once), within the limit.</summary>
    public static void AddDistinct(IEnumerable<ResolvedTarget> targets, List<ResolvedTarget> into, HashSet<ResolvedTarget> seen, WatchConfig config)
    {
        foreach (var target in targets)
        {
            if (!seen.Add(target))
            {
                continue;
            }

            if (seen.Count > config.Limits.MaxTargets)
            {
                throw TooMany(config, target);
            }

            into.Add(target);
        }
    }

    private static BadInputException TooMany(WatchConfig config, ResolvedTarget target) =>
        new(config.Path, $"more than {config.Limits.MaxTargets:N0} targets (the last one counted: {target.Address} from {target.Origin})");
}
