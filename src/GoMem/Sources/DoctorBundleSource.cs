using GoMem.Diagnosis;
using GoMem.Leaks;
using GoMem.RuntimeStats.Breakdown;

namespace GoMem.Sources;

/// <summary>
/// Reads a doctor bundle, or any folder (or list) of snapshot files <c>gomem leak</c> accepts, for
/// <see cref="DoctorAnalysis"/>: the series as the leak check orders it, and each snapshot's runtime files
/// (/debug/vars, /metrics, /proc status) read as <c>gomem explain</c> reads them, with the heap profile the series
/// already parsed. Each snapshot's time is the series' time for it (the profiles' own), so rates need no interval.
/// </summary>
public static class DoctorBundleSource
{
    public static DoctorInputs Load(IReadOnlyList<string> paths, double? intervalSeconds)
    {
        var loaded = LeakSeriesSource.Load(paths, intervalSeconds);
        var series = loaded.Series;
        var skipped = loaded.Skipped.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
        var unused = new LiveServiceClient(LiveServiceClient.DefaultTimeout, RuntimeEvidenceCollector.MaxBodyBytes);
        var evidence = new List<TimedEvidence>(series.Snapshots.Count);
        for (var i = 0; i < series.Snapshots.Count; i++)
        {
            var snapshot = series.Snapshots[i];
            var collector = new RuntimeEvidenceCollector(unused, []);
            foreach (var file in snapshot.Files)
            {
                if (file != snapshot.HeapFile && file != snapshot.Goroutines?.Source && !skipped.Contains(file))
                {
                    collector.AddPath(file);
                }
            }

            var taken = collector.Snapshots[0];
            if (!taken.Builder.HasRuntimeFigures)
            {
                continue;
            }

            if (snapshot.Heap is { } heap)
            {
                var (inuse, sampling) = MemoryEvidence.HeapProfileFigures(heap);
                taken.Builder.AddHeapProfile(inuse, sampling, snapshot.HeapFile!);
            }

            var time = (series.Start ?? DateTimeOffset.UnixEpoch).AddMinutes(series.Minutes[i]);
            evidence.Add(new TimedEvidence(taken.Builder.Build(), time, "snapshot " + snapshot.Key));
        }

        var source = paths.Count == 1 ? paths[0] : $"{paths[0]} ... ({paths.Count} inputs)";
        return new DoctorInputs(source, series, loaded.Skipped, evidence);
    }
}
