using GoMem.IO;
using GoMem.Monitoring.Collection;
using GoMem.RuntimeStats.Breakdown;
using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>
/// What <c>gomem explain</c> reads of a target's stored history: the evidence of the runtime sample nearest a moment
/// (with the heap profile nearest it), and the samples of a window before it, for rates. <paramref name="Window"/>
/// holds the moment's sample last; <paramref name="RestartsBefore"/> names a restart the window was cut at.
/// </summary>
public sealed record StoredRuntime(MonitoringTarget Target, MemoryEvidence Evidence, IReadOnlyList<TimedEvidence> Window, IReadOnlyList<string> RestartsBefore);

/// <summary>A watched target's runtime samples and heap profile as the evidence of one moment of the process.</summary>
public static class StoredRuntimeSource
{
    /// <param name="store">The store gomem watch fills.</param>
    /// <param name="storeName">The store's name in messages.</param>
    /// <param name="target">The target's name (see <see cref="StoredTargets"/>); null when the store has one.</param>
    /// <param name="at">The moment: the sample nearest it is explained.</param>
    /// <param name="window">
    /// The span before the sample whose samples give the rates (cut at a restart within it); also how far from the
    /// sample its heap profile may be.
    /// </param>
    public static StoredRuntime Read(IMonitoringStore store, string storeName, string? target, DateTimeOffset at, TimeSpan window)
    {
        var found = StoredTargets.Find(store, target, storeName);
        var name = $"{found.Job}/{found.Instance}";
        var sample = store.NearestRuntimeSample(found.Id, at)
            ?? throw new BadInputException(storeName, $"no runtime sample of {name} is stored (a target that never answered /debug/vars or /metrics)");
        var evidence = RuntimeSampleReader.ToEvidence(sample, [$"{storeName}: runtime sample of {name} at {Text(sample.Time)} ({Endpoints(sample.Sources)})"]);
        var unavailable = new List<string>(evidence.Unavailable);

        var heap = store.NearestProfileSnapshot(found.Id, ProfileKinds.Heap, sample.Time);
        if (heap is not null && (heap.Time - sample.Time).Duration() <= window)
        {
            var (inuse, sampling) = MemoryEvidence.HeapProfileFigures(store.LoadProfile(heap.Id));
            evidence = evidence with
            {
                ProfileInuseBytes = inuse,
                ProfileSamplingBytes = sampling,
                Sources = [.. evidence.Sources, $"{storeName}: heap profile at {Text(heap.Time)}"],
            };
        }
        else if (heap is not null)
        {
            unavailable.Add($"the stored heap profile nearest the sample ({Text(heap.Time)}) is more than {GoDuration.Format(window)} from it: not compared");
        }

        // The window ends at the sample and starts after the last restart within it: rates never span two processes.
        var from = sample.Time - window;
        var restarts = new List<string>();
        if (store.Events(found.Id, from, sample.Time).LastOrDefault(e => e.Kind == TargetEventKinds.Restart) is { } restart)
        {
            from = restart.Time;
            restarts.Add($"at {Text(restart.Time)}: {restart.Detail} (the rates start there)");
        }

        var samples = store.RuntimeSamples(found.Id, from, sample.Time);
        var series = new List<TimedEvidence>(samples.Count);
        foreach (var s in samples)
        {
            series.Add(new TimedEvidence(s.Time == sample.Time ? evidence : RuntimeSampleReader.ToEvidence(s, []), s.Time, Text(s.Time)));
        }

        if (series.Count < 2)
        {
            var since = restarts.Count > 0 ? $"since the restart at {Text(from)}" : $"in the {GoDuration.Format(window)} before it";
            unavailable.Add($"rates: no other runtime sample of {name} is stored {since}");
        }

        return new StoredRuntime(found, evidence with { Unavailable = unavailable }, series, restarts);
    }

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFK", System.Globalization.CultureInfo.InvariantCulture);

    private static string Endpoints(RuntimeSampleSources sources)
    {
        var names = new List<string>(4);
        if (sources.HasFlag(RuntimeSampleSources.DebugVars))
        {
            names.Add("/debug/vars");
        }

        if (sources.HasFlag(RuntimeSampleSources.Metrics))
        {
            names.Add("/metrics");
        }

        if (sources.HasFlag(RuntimeSampleSources.ProcStatus))
        {
            names.Add("/proc status");
        }

        if (sources.HasFlag(RuntimeSampleSources.Cgroup))
        {
            names.Add("cgroup");
        }

        return names.Count == 0 ? "sources not recorded" : string.Join(", ", names);
    }
}
