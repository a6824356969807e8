using GoMem.Profiles.Analysis;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>The fleet overview of <c>GET /api/targets</c>: every target, leaking ones first.</summary>
public sealed record FleetOverview(string Store, IReadOnlyList<TargetOverview> Targets);

/// <summary>
/// One target on the overview: its health, its latest figures (null when never sampled or not exposed), a sparkline
/// of RSS over the <see cref="DashboardQueries.SparklineSpan"/> before its latest sample, and its open findings.
/// </summary>
public sealed record TargetOverview(
    long Id,
    string Job,
    string Instance,
    IReadOnlyDictionary<string, string> Labels,
    TargetHealthView Health,
    DateTimeOffset? LatestSample,
    long? RssBytes,
    long? HeapInuseBytes,
    long? Goroutines,
    Sparkline RssSparkline,
    IReadOnlyList<FindingView> OpenFindings);

/// <summary>A target's health as of its last collection attempt: up, down or unknown.</summary>
public sealed record TargetHealthView(string State, string? LastError, DateTimeOffset? LastSuccess, DateTimeOffset? LastAttempt);

/// <summary>Unix seconds and values, oldest first: a small line, drawn without axes.</summary>
public sealed record Sparkline(IReadOnlyList<double> Times, IReadOnlyList<double?> Values);

/// <summary>An open finding of the collector: which rule (code), how bad, what it says and since when.</summary>
public sealed record FindingView(long Id, string Code, string Severity, string Title, string Detail, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>
/// A target's runtime series over a span (<c>GET /api/targets/{id}/series</c>), in columns for a chart: one time per
/// point (unix seconds) and one value per figure and point (null when that point lacks it). Rollups (their average,
/// at their span's start) come before the raw samples, as <c>gomem history</c> picks them.
/// </summary>
public sealed record SeriesView(
    TargetRef Target,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<SeriesStretchView> Stretches,
    IReadOnlyList<double> Times,
    IReadOnlyDictionary<string, IReadOnlyList<double?>> Figures,
    IReadOnlyList<EventView> Events);

/// <summary>A target as the other views name it.</summary>
public sealed record TargetRef(long Id, string Job, string Instance, IReadOnlyDictionary<string, string> Labels);

/// <summary>A stretch of points of one resolution: "raw" for samples, else the rollups' span (1m, 1h).</summary>
public sealed record SeriesStretchView(string Resolution, DateTimeOffset From, DateTimeOffset To, int First, int Count);

/// <summary>A restart, an outage or an endpoint error.</summary>
public sealed record EventView(DateTimeOffset Time, string Kind, string Detail);

/// <summary>
/// A stored profile at a moment (<c>GET /api/targets/{id}/profile</c>): the snapshot nearest it, its top table (the
/// report of <c>gomem top</c>) and its flame graph (the tree of <c>gomem flame</c>).
/// </summary>
public sealed record ProfileView(TargetRef Target, ProfileSnapshot Snapshot, TopReport Top, FlameGraph Flame);

/// <summary>Where the dashboard of a store is served: the page's address, with the token when one is required.</summary>
public sealed record DashboardAddress(Uri Url, string Store, bool TokenRequired);
