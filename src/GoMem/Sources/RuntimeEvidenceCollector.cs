using GoMem.IO;
using GoMem.Profiles;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Cgroups;
using GoMem.RuntimeStats.Detection;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Proc;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;

namespace GoMem.Sources;

/// <summary>
/// Turns "files in any order, a live service URL, a pid" into evidence about one process's memory: each file is
/// recognised by its content, each endpoint of a live service is fetched with a timeout, and a kind of source given
/// again starts the next snapshot (so vars.1 status.1 vars.2 status.2 is a series of two).
/// </summary>
public sealed class RuntimeEvidenceCollector(LiveServiceClient client, IReadOnlyList<MetricLabel> targetSelector)
{
    /// <summary>The cap on one endpoint's body.</summary>
    public const long MaxBodyBytes = 256L << 20;

    private readonly List<Snapshot> _snapshots = [new Snapshot()];

    /// <summary>Every snapshot, oldest first.</summary>
    public IReadOnlyList<Snapshot> Snapshots => _snapshots;

    /// <summary>
    /// One moment of the process: its sources, and when they were taken. Only live fetches know their time; a file's
    /// modification time is not trusted (a copy or a checkout rewrites it), so file series need an interval.
    /// </summary>
    public sealed class Snapshot
    {
        public MemoryEvidenceBuilder Builder { get; } = new();

        internal HashSet<string> Kinds { get; } = [];

        public DateTimeOffset? Time { get; internal set; }

        public string Name { get; internal set; } = "";

        public TimedEvidence ToTimed() => new(Builder.Build(), Time, Name);
    }

    /// <summary>A file (recognised by content), a cgroup directory, or a live service URL.</summary>
    public void AddPath(string path)
    {
        if (ServiceUrl.IsUrl(path))
        {
            AddLiveService(ServiceUrl.Parse(path));
            return;
        }

        if (Directory.Exists(path))
        {
            For("cgroup", path, null).AddCgroup(CgroupMemoryReader.ReadDirectory(path), path);
            return;
        }

        switch (RuntimeStatsSniffer.SniffFile(path))
        {
            case RuntimeStatsSourceKind.ExpvarJson:
                For("runtime", path, null).AddExpvar(ExpvarParser.ParseFile(path), path);
                break;
            case RuntimeStatsSourceKind.PrometheusText or RuntimeStatsSourceKind.OpenMetricsText:
                For("metrics", path, null).AddMetrics(View(PrometheusTextParser.ParseFile(path)), path);
                break;
            case RuntimeStatsSourceKind.GoTestJson:
                throw new BadInputException(path, "go test -json output (benchmark results, not runtime statistics): read it with gomem bench compare or gomem bench record", 0);
            case RuntimeStatsSourceKind.ProcStatus:
                For("status", path, null).AddProcStatus(ProcStatusParser.ParseFile(path), path);
                break;
            case RuntimeStatsSourceKind.SmapsRollup:
                For("smaps", path, null).AddSmapsRollup(SmapsRollupParser.ParseFile(path), path);
                break;
            case RuntimeStatsSourceKind.CgroupMemoryFile:
                For("cgroup", path, null).AddCgroup(CgroupMemoryReader.ReadDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!), path);
                break;
            default:
                AddProfile(ReadProfileOrExplain(path), path);
                break;
        }
    }

    /// <summary>/proc/PID/status, smaps_rollup and the process's cgroup, read live.</summary>
    public void AddPid(int pid)
    {
        var proc = ProcessFiles.Directory(pid);
        For("status", $"pid {pid}", null).AddProcStatus(ProcStatusParser.ParseFile(Path.Combine(proc, "status")), $"pid {pid} status");
        var smaps = Path.Combine(proc, "smaps_rollup");
        if (File.Exists(smaps))
        {
            For("smaps", $"pid {pid}", null).AddSmapsRollup(SmapsRollupParser.ParseFile(smaps), $"pid {pid} smaps_rollup");
        }

        var cgroup = CgroupLocator.Locate(pid);
        if (Directory.Exists(cgroup.Directory))
        {
            For("cgroup", $"pid {pid}", null).AddCgroup(CgroupMemoryReader.ReadDirectory(cgroup.Directory), $"pid {pid} cgroup {cgroup.CgroupPath}");
        }
    }

    /// <summary>Starts a new snapshot when this kind of source was already given for the current one.</summary>
    private MemoryEvidenceBuilder For(string kind, string source, DateTimeOffset? time)
    {
        if (!_snapshots[^1].Kinds.Add(kind))
        {
            _snapshots.Add(new Snapshot());
            _snapshots[^1].Kinds.Add(kind);
        }

        var current = _snapshots[^1];
        if (kind is "runtime" or "metrics" && current.Time is null)
        {
            current.Time = time;
            current.Name = source;
        }

        return current.Builder;
    }

    /// <summary>Fetches /debug/vars, /metrics and /debug/pprof/heap; a missing endpoint is noted and skipped.</summary>
    private void AddLiveService(Uri baseUrl)
    {
        var any = false;
        var fetchedAt = DateTimeOffset.UtcNow;
        if (client.GetOptional(new Uri(baseUrl, "/debug/vars"), "/debug/vars data") is { } vars)
        {
            using var input = InputOpener.OpenBytes(vars.Url.ToString(), vars.Body);
            For("runtime", vars.Url.ToString(), fetchedAt).AddExpvar(ExpvarParser.Parse(input), vars.Url.ToString());
            any = true;
        }

        if (client.GetOptional(new Uri(baseUrl, "/metrics"), "/metrics data", "text/plain;version=0.0.4") is { } metrics)
        {
            using var input = InputOpener.OpenBytes(metrics.Url.ToString(), metrics.Body);
            For("metrics", metrics.Url.ToString(), fetchedAt).AddMetrics(View(PrometheusTextParser.Parse(input)), metrics.Url.ToString());
            any = true;
        }

        if (client.GetOptional(new Uri(baseUrl, "/debug/pprof/heap"), "a Go profile") is { } heap)
        {
            AddProfile(ProfileReader.ReadBytes(heap.Url.ToString(), heap.Body), heap.Url.ToString());
        }

        if (!any)
        {
            throw new HttpFetchException($"{baseUrl}: serves neither /debug/vars (import _ \"expvar\") nor /metrics; nothing to explain");
        }
    }

    /// <summary>Anything unrecognised is tried as a heap profile; if it is not one either, say what is read.</summary>
    private static Profile ReadProfileOrExplain(string path)
    {
        try
        {
            return ProfileReader.ReadFile(path);
        }
        catch (BadInputException e) when (e.ByteOffset == 0)
        {
            throw new BadInputException(path, "not an input explain reads (tried /debug/vars JSON, Prometheus or OpenMetrics text, /proc/PID/status or an excerpt of it, smaps_rollup, a cgroup file or directory, and a heap profile)", 0, null, e);
        }
    }

    private void AddProfile(Profile profile, string source)
    {
        var (inuse, sampling) = MemoryEvidence.HeapProfileFigures(profile);
        For("profile", source, null).AddHeapProfile(inuse, sampling, source);
    }

    /// <summary>The one process of a /metrics page, or the one the target selector names.</summary>
    private GoMetricsView View(MetricsExposition exposition)
    {
        if (targetSelector.Count == 0)
        {
            try
            {
                return GoMetricsView.Create(exposition);
            }
            catch (AmbiguousMetricsTargetException e)
            {
                throw new InvalidSettingException("Target", $"{exposition.Source} holds {e.Targets.Count} processes ({string.Join(", ", e.Targets.Take(4).Select(t => t.Key))}...): choose one by LABEL=VALUE");
            }
        }

        var target = GoMetricsView.ListTargets(exposition).FirstOrDefault(t => t.Matches(targetSelector))
            ?? throw new InvalidSettingException("Target", $"{exposition.Source}: no process matches {string.Join(",", targetSelector.Select(l => l.Name + "=" + l.Value))}");
        return GoMetricsView.Create(exposition, target);
    }
}
