using GoMem.Cli.Infrastructure;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.RuntimeStats;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Cgroups;
using GoMem.RuntimeStats.Detection;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.RuntimeStats.Proc;

namespace GoMem.Cli.Commands.Explain;

/// <summary>
/// Turns the arguments of <c>gomem explain</c> (files in any order, a live service URL, a PID) into evidence: each
/// file is recognised by its content, each endpoint of a live service is fetched with a timeout.
/// </summary>
internal sealed class ExplainSources(CliContext context, TimeSpan timeout, IReadOnlyList<MetricLabel> targetSelector)
{
    private const long MaxHttpBody = 256L << 20;

    private readonly List<Snapshot> _snapshots = [new Snapshot()];

    /// <summary>The latest snapshot: the one the breakdown is shown for.</summary>
    public MemoryEvidenceBuilder Builder => _snapshots[^1].Builder;

    /// <summary>Every snapshot, oldest first; a source kind given again starts a new one.</summary>
    public IReadOnlyList<Snapshot> Snapshots => _snapshots;

    /// <summary>
    /// One moment of the process: its sources, and when they were taken. Only live fetches know their time; a file's
    /// modification time is not trusted (a copy or a checkout rewrites it), so file series need --interval.
    /// </summary>
    internal sealed class Snapshot
    {
        public MemoryEvidenceBuilder Builder { get; } = new();

        public HashSet<string> Kinds { get; } = [];

        public DateTimeOffset? Time { get; set; }

        public string Name { get; set; } = "";
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


    public void AddPath(string path)
    {
        if (Uri.TryCreate(path, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            AddLiveService(url);
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
        var proc = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!Directory.Exists(proc))
        {
            throw new IOException($"no process {pid} (nothing at {proc})");
        }

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

    /// <summary>Fetches /debug/vars, /metrics and /debug/pprof/heap; a missing endpoint is reported and skipped.</summary>
    private void AddLiveService(Uri baseUrl)
    {
        var any = false;
        var fetchedAt = DateTimeOffset.UtcNow;
        if (Fetch(baseUrl, "/debug/vars", null) is { } vars)
        {
            using var input = InputOpener.OpenBytes(vars.Url.ToString(), vars.Body);
            For("runtime", vars.Url.ToString(), fetchedAt).AddExpvar(ExpvarParser.Parse(input), vars.Url.ToString());
            any = true;
        }

        if (Fetch(baseUrl, "/metrics", "text/plain;version=0.0.4") is { } metrics)
        {
            using var input = InputOpener.OpenBytes(metrics.Url.ToString(), metrics.Body);
            For("metrics", metrics.Url.ToString(), fetchedAt).AddMetrics(View(PrometheusTextParser.Parse(input)), metrics.Url.ToString());
            any = true;
        }

        if (Fetch(baseUrl, "/debug/pprof/heap", null) is { } heap)
        {
            AddProfile(ProfileReader.ReadBytes(heap.Url.ToString(), heap.Body), heap.Url.ToString());
        }

        if (!any)
        {
            throw new HttpFetchException($"{baseUrl}: serves neither /debug/vars (import _ \"expvar\") nor /metrics; nothing to explain");
        }
    }

    private FetchedBody? Fetch(Uri baseUrl, string path, string? accept)
    {
        var url = new Uri(baseUrl, path);
        try
        {
            var body = HttpFetcher.Get(url, timeout, MaxHttpBody, accept);
            if (body.LooksLikeHtml)
            {
                throw new BadInputException(url.ToString(), $"answers with an HTML page, not {path} data (wrong port, or a proxy in the way?)");
            }

            return body;
        }
        catch (HttpFetchException e) when (e.IsNotFound)
        {
            context.Stderr.WriteLine($"gomem: {url}: not served (404); continuing without it");
            return null;
        }
    }

    /// <summary>Anything unrecognised is tried as a heap profile; if it is not one either, say what explain reads.</summary>
    private static Profile ReadProfileOrExplain(string path)
    {
        try
        {
            return ProfileReader.ReadFile(path);
        }
        catch (BadInputException e) when (e.ByteOffset == 0)
        {
            throw new BadInputException(path, "not an input explain reads: /debug/vars JSON, Prometheus or OpenMetrics text, /proc/PID/status, smaps_rollup, a cgroup directory or a heap profile", 0, null, e);
        }
    }

    private void AddProfile(Profile profile, string source)
    {
        var total = profile.AbsoluteTotal(profile.ResolveSampleIndex("inuse_space"));
        For("profile", source, null).AddHeapProfile(total, profile.Header.Period, source);
    }

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
                throw new UsageException($"{exposition.Source} holds {e.Targets.Count} processes ({string.Join(", ", e.Targets.Take(4).Select(t => t.Key))}...): choose one with --target LABEL=VALUE");
            }
        }

        var target = GoMetricsView.ListTargets(exposition).FirstOrDefault(t => t.Matches(targetSelector))
            ?? throw new UsageException($"{exposition.Source}: no process matches --target {string.Join(",", targetSelector.Select(l => l.Name + "=" + l.Value))}");
        return GoMetricsView.Create(exposition, target);
    }
}
