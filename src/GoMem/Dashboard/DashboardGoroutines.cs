using System.Globalization;
using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>
/// The goroutine groups of a stored goroutine profile: the report of <c>gomem goroutines</c> (<see cref="GoroutineReport"/>
/// at its defaults: grouped by stack, the default ignore list, the largest groups first) on the profile read as
/// <c>gomem leak --store</c> reads a stored goroutine profile (<see cref="StoredProfileSource"/>, then
/// <see cref="GoroutineDumpReader.FromProfile"/>, as <c>gomem goroutines</c> reads a profile file), each group with
/// its share of all goroutines and its count in the target's previous stored goroutine profile: a group that grows
/// from one profile to the next is what a goroutine leak looks like.
/// </summary>
public static class DashboardGoroutines
{
    /// <summary>The most groups listed when none is asked for, as <c>gomem goroutines --top</c>.</summary>
    public const int DefaultTop = 20;

    /// <summary>
    /// The groups of the target's goroutine profile nearest <paramref name="at"/> (null: the latest), at most
    /// <paramref name="top"/> (0: all). No goroutine profile stored is a <see cref="BadInputException"/> (a 404).
    /// </summary>
    public static GoroutineGroupsView Analyze(IMonitoringStore store, string storeName, long targetId, DateTimeOffset? at, int top = DefaultTop)
    {
        if (top < 0)
        {
            throw new InvalidSettingException("top", $"{top.ToString(CultureInfo.InvariantCulture)}: the most groups to list must be 0 (all) or more");
        }

        var target = DashboardQueries.Target(store, storeName, targetId);
        var stored = StoredProfileSource.Read(store, storeName, target, ProfileKinds.Goroutine, at ?? DateTimeOffset.MaxValue);
        var report = GoroutineReport.Analyze(Dump(stored.Profile), new GoroutineReportOptions { MaxGroups = top });
        var recent = DashboardQueries.LastSnapshots(store, target.Id, ProfileKinds.Goroutine, stored.Snapshot.Time, 2);
        var index = recent.Select(s => s.Id).ToList().IndexOf(stored.Snapshot.Id);
        var previous = index > 0 ? recent[index - 1] : null;
        GoroutineDump? before = null;
        Dictionary<StackIdentity, long>? counts = null;
        if (previous is not null)
        {
            before = Dump(store.LoadProfile(previous.Id));
            counts = new Dictionary<StackIdentity, long>(before.Stacks.Count);
            foreach (var stack in before.Stacks)
            {
                var key = new StackIdentity(stack.Frames, stack.CreatedBy, stack.Labels);
                counts[key] = counts.GetValueOrDefault(key) + stack.Count;
            }
        }

        var groups = new List<GoroutineGroupView>(report.Groups.Count);
        foreach (var group in report.Groups)
        {
            long? then = counts is null ? null : counts.GetValueOrDefault(new StackIdentity(group.Stack, group.CreatedBy, group.Labels));
            groups.Add(new GoroutineGroupView(
                group.TopFunction,
                group.Count,
                report.Total == 0 ? 0 : 100.0 * group.Count / report.Total,
                then,
                then is { } n ? group.Count - n : null,
                group.CreatedBy is { } creator ? Frame(creator) : null,
                group.Labels,
                [.. group.Stack.Select(Frame)]));
        }

        return new GoroutineGroupsView(
            DashboardQueries.Ref(target),
            stored.Snapshot.Time,
            previous?.Time,
            report.Total,
            before?.Total,
            report.Shown,
            report.HiddenRuntime,
            report.HiddenIgnored,
            groups,
            report.OmittedGroups);
    }

    private static GoroutineDump Dump(GoMem.Profiles.Profile profile) => GoroutineDumpReader.FromProfile(profile.Source, profile, GoroutineDumpFormat.Proto);

    private static StackFrameView Frame(GoroutineFrame frame) => new(frame.Function, frame.File, frame.Line);

    /// <summary>
    /// What makes a group by stack the same group in another profile: its frames (function, file, line), creator and
    /// labels, compared by value (each profile has frames of its own).
    /// </summary>
    private readonly struct StackIdentity(IReadOnlyList<GoroutineFrame> frames, GoroutineFrame? createdBy, string labels) : IEquatable<StackIdentity>
    {
        private readonly IReadOnlyList<GoroutineFrame> _frames = frames;
        private readonly GoroutineFrame? _createdBy = createdBy;
        private readonly string _labels = labels;

        public bool Equals(StackIdentity other)
        {
            if (_frames.Count != other._frames.Count || !Equals(_createdBy, other._createdBy) || !string.Equals(_labels, other._labels, StringComparison.Ordinal))
            {
                return false;
            }

            for (var i = 0; i < _frames.Count; i++)
            {
                if (!_frames[i].Equals(other._frames[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is StackIdentity other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_labels, StringComparer.Ordinal);
            hash.Add(_createdBy);
            foreach (var frame in _frames)
            {
                hash.Add(frame);
            }

            return hash.ToHashCode();
        }
    }
}
