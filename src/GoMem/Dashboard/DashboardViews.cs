using GoMem.Profiles.Analysis;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>
/// The fleet overview of <c>GET /api/targets</c>: the targets the filter keeps (every one without a filter), those
/// with firing alerts or open findings first; every job of the store (for the filter's choices) and how many targets
/// it holds in all.
/// </summary>
public sealed record FleetOverview(string Store, OverviewFilterView Filter, IReadOnlyList<string> Jobs, int TargetsInStore, IReadOnlyList<TargetOverview> Targets);

/// <summary>The filter an overview was asked for: a job (null: any) and labels every target kept has, each with its value.</summary>
public sealed record OverviewFilterView(string? Job, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// One target on the overview: its health, its latest figures (null when never sampled or not exposed), a sparkline
/// of RSS over the <see cref="DashboardQueries.SparklineSpan"/> before its latest sample, its alerts firing or pending
/// (firing first) and its open findings.
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
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<FindingView> OpenFindings);

/// <summary>
/// An alert of the collector (<c>gomem alerts</c>): its rule, state, severity label and summary, since when its
/// condition held, when it fired and resolved (null until then), and its labels.
/// </summary>
public sealed record AlertView(
    string Rule,
    string State,
    string? Severity,
    string? Summary,
    DateTimeOffset ActiveSince,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>A target's health as of its last collection attempt: up, down or unknown.</summary>
public sealed record TargetHealthView(string State, string? LastError, DateTimeOffset? LastSuccess, DateTimeOffset? LastAttempt);

/// <summary>Unix seconds and values, oldest first: a small line, drawn without axes.</summary>
public sealed record Sparkline(IReadOnlyList<double> Times, IReadOnlyList<double?> Values);

/// <summary>An open finding of the collector: which rule (code), how bad, what it says and since when.</summary>
public sealed record FindingView(long Id, string Code, string Severity, string Title, string Detail, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>
/// A target's runtime series over a span (<c>GET /api/targets/{id}/series</c>), in columns for a chart: one time per
/// point (unix seconds) and one value per figure and point (null when that point lacks it). Rollups (their average,
/// at their span's start) come before the raw samples, as <c>gomem history</c> picks them. The charts' annotations:
/// the target's events in the span (restarts, outages) and its alerts active in it; and the profile kinds stored for
/// it (heap, allocs, goroutine), which the profile and diff views can show.
/// </summary>
public sealed record SeriesView(
    TargetRef Target,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<SeriesStretchView> Stretches,
    IReadOnlyList<double> Times,
    IReadOnlyDictionary<string, IReadOnlyList<double?>> Figures,
    IReadOnlyList<EventView> Events,
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<string> ProfileKinds);

/// <summary>A target as the other views name it.</summary>
public sealed record TargetRef(long Id, string Job, string Instance, IReadOnlyDictionary<string, string> Labels);

/// <summary>A stretch of points of one resolution: "raw" for samples, else the rollups' span (1m, 1h).</summary>
public sealed record SeriesStretchView(string Resolution, DateTimeOffset From, DateTimeOffset To, int First, int Count);

/// <summary>A restart, an outage or an endpoint error.</summary>
public sealed record EventView(DateTimeOffset Time, string Kind, string Detail);

/// <summary>
/// A stored profile at a moment (<c>GET /api/targets/{id}/profile</c>): the snapshot nearest it, its top table (the
/// report of <c>gomem top</c>) and its flame graph (the tree of <c>gomem flame</c>), both under the same sample type
/// and focus.
/// </summary>
public sealed record ProfileView(TargetRef Target, ProfileSnapshot Snapshot, TopReport Top, FlameGraph Flame);

/// <summary>Where the dashboard of a store is served: the page's address, with the token when one is required.</summary>
public sealed record DashboardAddress(Uri Url, string Store, bool TokenRequired);

/// <summary>
/// The diff between two time ranges of a target's stored profiles (<c>GET /api/targets/{id}/diff</c>, see
/// <see cref="DashboardDiff"/>): the ranges with the snapshots each stands for, the report of <c>gomem diff</c>, and the
/// flame graph of <c>gomem flame --base</c>.
/// </summary>
public sealed record DiffView(TargetRef Target, string Kind, ProfileRangeView Base, ProfileRangeView New, TopReport Top, FlameGraph Flame);

/// <summary>A time range of a diff and the times of the stored snapshots whose mean stands for it, oldest first.</summary>
public sealed record ProfileRangeView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DateTimeOffset> Snapshots);

/// <summary>A target's findings (<c>GET /api/targets/{id}/findings</c>): open ones first, then resolved, each most recently seen first.</summary>
public sealed record TargetFindings(TargetRef Target, IReadOnlyList<FindingDetailView> Findings);

/// <summary>
/// A finding of the collector with, for a leak, the verdict <c>gomem leak</c> gives on the stored profiles of the
/// collector's window at its last-seen time (null when that verdict no longer finds it), and the diff that shows it.
/// </summary>
public sealed record FindingDetailView(
    long Id,
    string Code,
    string Severity,
    string Title,
    string Detail,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? ResolvedAt,
    LeakVerdictView? Verdict,
    DiffLinkView? Diff);

/// <summary>
/// What grows, as <c>gomem leak</c> states it: heap site, goroutine group or process figure, the site and its
/// source line, the Theil–Sen growth per minute in <see cref="Unit"/>, the first and last values of the window's
/// series, the window (snapshots and span), and the stack (leaf first) of the largest sample at the site.
/// </summary>
public sealed record LeakVerdictView(
    string Kind,
    string Metric,
    string Site,
    string File,
    long Line,
    string Unit,
    double GrowthPerMinute,
    long FirstValue,
    long LastValue,
    int Snapshots,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<StackFrameView> Stack);

/// <summary>One frame of a stack: function, file and line (0 when unknown).</summary>
public sealed record StackFrameView(string Function, string File, long Line);

/// <summary>
/// The diff that shows a finding (<c>GET /api/targets/{id}/diff</c> with these ranges): the first third of the
/// verdict's window as the base, the last third as the new range; <see cref="Search"/> is the site to mark in it.
/// </summary>
public sealed record DiffLinkView(string Kind, DateTimeOffset BaseFrom, DateTimeOffset BaseTo, DateTimeOffset NewFrom, DateTimeOffset NewTo, string? Search);

/// <summary>
/// The goroutine groups of a stored goroutine profile (<c>GET /api/targets/{id}/goroutines</c>, see
/// <see cref="DashboardGoroutines"/>): the groups <c>gomem goroutines</c> lists for the profile, largest first, with
/// its totals (all goroutines, those shown, those hidden as the runtime's own or parked in an ignored function), and
/// the time and total of the target's previous stored goroutine profile (null when there is none).
/// </summary>
public sealed record GoroutineGroupsView(
    TargetRef Target,
    DateTimeOffset Time,
    DateTimeOffset? PreviousTime,
    long Total,
    long? PreviousTotal,
    long Shown,
    long HiddenRuntime,
    long HiddenIgnored,
    IReadOnlyList<GoroutineGroupView> Groups,
    int OmittedGroups);

/// <summary>
/// A group of goroutines with one stack, creator and labels: the function they are parked in (<c>gomem goroutines</c>'
/// name for the group), how many, their share of all goroutines (percent), how many the previous stored profile had
/// and the change since (both null without a previous profile), the go statement that created them (null when the
/// profile does not say), their pprof labels ("" when none) and the stack, leaf first.
/// </summary>
public sealed record GoroutineGroupView(
    string Function,
    long Count,
    double SharePercent,
    long? PreviousCount,
    long? Growth,
    StackFrameView? CreatedBy,
    string Labels,
    IReadOnlyList<StackFrameView> Stack);
