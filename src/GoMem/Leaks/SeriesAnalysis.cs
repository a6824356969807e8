using System.Globalization;
using GoMem.IO;

namespace GoMem.Leaks;

/// <summary>
/// Puts snapshots in time order and checks they belong to one process run: times from the best source every
/// snapshot has (profile time, vars LastGC, file time, else name order with --interval); snapshots of different
/// programs are refused; a restart splits the series and the last run is analysed.
/// </summary>
public static class SeriesAnalysis
{
    public const int MaxSnapshots = 2000;

    public sealed record Series(IReadOnlyList<LeakSnapshot> Snapshots, double[] Minutes, DateTimeOffset? Start, SnapshotTimeSource TimeSource, IReadOnlyList<string> Notes);

    public static Series Analyze(IReadOnlyList<LeakSnapshot> snapshots, double? intervalSeconds = null)
    {
        var notes = new List<string>();
        if (snapshots.Count > MaxSnapshots)
        {
            throw new BadInputException(snapshots[0].Files.FirstOrDefault() ?? "series", $"more than {MaxSnapshots} snapshots (limit)");
        }

        var byName = snapshots.OrderBy(s => s.Number ?? long.MaxValue).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();

        // Different programs are refused first: whatever their times, they are not one series.
        RefuseMixedPrograms(byName);
        var source = ChooseTimeSource(byName, intervalSeconds);
        List<LeakSnapshot> ordered;
        double[] seconds;
        DateTimeOffset? start = null;
        if (source == SnapshotTimeSource.NameOrder)
        {
            ordered = byName;
            seconds = [.. Enumerable.Range(0, ordered.Count).Select(i => i * (intervalSeconds ?? 60))];
        }
        else
        {
            ordered = [.. byName.OrderBy(s => s.TimeFrom(source)!.Value)];
            if (!ordered.SequenceEqual(byName))
            {
                var moved = byName.Where((s, i) => !ReferenceEquals(s, ordered[i])).Select(s => s.Key).ToList();
                notes.Add($"the snapshots' times ({Describe(source)}) are not in name order: sorted by time (snapshots {string.Join(", ", moved)} moved)");
            }

            start = ordered[0].TimeFrom(source)!.Value;
            seconds = [.. ordered.Select(s => (s.TimeFrom(source)!.Value - start.Value).TotalSeconds)];
            for (var i = 1; i < seconds.Length; i++)
            {
                if (seconds[i] == seconds[i - 1])
                {
                    notes.Add($"snapshots {ordered[i - 1].Key} and {ordered[i].Key} have the same time ({Describe(source)})");
                }
            }
        }

        var restart = LastRestart(ordered, notes);
        if (restart > 0)
        {
            ordered = ordered[restart..];
            seconds = [.. seconds[restart..].Select(s => s - seconds[restart])];
            if (start is { } s0 && source != SnapshotTimeSource.NameOrder)
            {
                start = ordered[0].TimeFrom(source);
            }
        }

        return new Series(ordered, [.. seconds.Select(s => s / 60)], start, source, notes);
    }

    private static SnapshotTimeSource ChooseTimeSource(List<LeakSnapshot> snapshots, double? intervalSeconds)
    {
        if (intervalSeconds is not null)
        {
            return SnapshotTimeSource.NameOrder;
        }

        foreach (var source in (SnapshotTimeSource[])[SnapshotTimeSource.ProfileTime, SnapshotTimeSource.VarsLastGc, SnapshotTimeSource.FileTime])
        {
            if (snapshots.All(s => s.TimeFrom(source) is not null))
            {
                var distinct = snapshots.Select(s => s.TimeFrom(source)!.Value).Distinct().Count();
                if (source == SnapshotTimeSource.FileTime && distinct < snapshots.Count)
                {
                    // Copies and checkouts give files the same time: not a time of the snapshots.
                    continue;
                }

                return source;
            }
        }

        throw new InvalidSettingException("Interval", "the snapshots carry no usable times (no proto profile time, no /debug/vars LastGC, and file times that coincide): give the seconds between consecutive snapshots");
    }

    /// <summary>Names a series in an error line: the directory its files share, else its first file.</summary>
    public static string Describe(IReadOnlyList<LeakSnapshot> snapshots)
    {
        var files = snapshots.SelectMany(s => s.Files).ToList();
        if (files.Count == 0)
        {
            return "snapshots";
        }

        var directory = Path.GetDirectoryName(files[0]);
        return files.All(f => Path.GetDirectoryName(f) == directory) && !string.IsNullOrEmpty(directory) ? directory : $"{files[0]} ... ({snapshots.Count} snapshots)";
    }

    private static void RefuseMixedPrograms(List<LeakSnapshot> ordered)
    {
        LeakSnapshot? first = null;
        string? firstProgram = null;
        foreach (var snapshot in ordered)
        {
            var program = Program(snapshot);
            if (program is null)
            {
                continue;
            }

            if (firstProgram is null)
            {
                (first, firstProgram) = (snapshot, program);
            }
            else if (program != firstProgram)
            {
                throw new BadInputException(
                    snapshot.Files[0],
                    $"mixed processes: snapshot {snapshot.Key} comes from \"{program}\" but snapshot {first!.Key} from \"{firstProgram}\"; refusing to compare different programs (give the snapshots of one process)");
            }
        }
    }

    /// <summary>The program of a snapshot: the command line from /debug/vars, else the heap profile's main binary.</summary>
    private static string? Program(LeakSnapshot snapshot)
    {
        if (snapshot.Vars?.Cmdline is { Count: > 0 } cmdline)
        {
            return string.Join(' ', cmdline);
        }

        return snapshot.Heap is { Mappings.Count: > 0 } heap && heap.Mappings[0].File.Length > 0 ? heap.Mappings[0].File : snapshot.HeapDigest?.Program;
    }

    /// <summary>Index of the first snapshot of the last run (0 when no restart), noting each restart found.</summary>
    private static int LastRestart(List<LeakSnapshot> ordered, List<string> notes)
    {
        var start = 0;
        for (var i = 1; i < ordered.Count; i++)
        {
            var why = RestartBetween(ordered[i - 1], ordered[i]);
            if (why is not null)
            {
                notes.Add($"the process restarted between snapshots {ordered[i - 1].Key} and {ordered[i].Key} ({why}): split there; only the last run (from snapshot {ordered[i].Key}) is analysed");
                start = i;
            }
        }

        return start;
    }

    private static string? RestartBetween(LeakSnapshot before, LeakSnapshot after)
    {
        if (before.Status?.Pid is { } pid1 && after.Status?.Pid is { } pid2 && pid1 != pid2)
        {
            return string.Create(CultureInfo.InvariantCulture, $"pid {pid1} then {pid2}");
        }

        if (before.Vars?.MemStats is { } m1 && after.Vars?.MemStats is { } m2)
        {
            if (m2.TotalAlloc < m1.TotalAlloc)
            {
                return "TotalAlloc went down";
            }

            if (m2.NumGC < m1.NumGC)
            {
                return "NumGC went down";
            }
        }

        if ((before.Heap is { } h1 ? AllocSpace(h1) : before.HeapDigest?.AllocSpaceBytes) is { } a1
            && (after.Heap is { } h2 ? AllocSpace(h2) : after.HeapDigest?.AllocSpaceBytes) is { } a2 && a2 < a1)
        {
            return "the heap profile's alloc_space total went down";
        }

        return null;
    }

    private static long? AllocSpace(GoMem.Profiles.Profile heap)
    {
        for (var i = 0; i < heap.SampleTypes.Count; i++)
        {
            if (heap.SampleTypes[i].Type == "alloc_space")
            {
                return heap.AbsoluteTotal(i);
            }
        }

        return null;
    }

    public static string Describe(SnapshotTimeSource source) => source switch
    {
        SnapshotTimeSource.ProfileTime => "profile time_nanos",
        SnapshotTimeSource.VarsLastGc => "/debug/vars LastGC",
        SnapshotTimeSource.FileTime => "file modification times",
        _ => "name order and --interval",
    };
}
