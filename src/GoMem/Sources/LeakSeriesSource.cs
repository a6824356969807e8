using GoMem.IO;
using GoMem.Leaks;

namespace GoMem.Sources;

/// <summary>
/// Snapshot files of one process (a directory, or a list of heap.K.pb.gz, goroutine.K..., vars.K.json, status.K.txt)
/// as a time-ordered series, with the files that were skipped and why.
/// </summary>
public static class LeakSeriesSource
{
    public sealed record Loaded(SeriesAnalysis.Series Series, IReadOnlyList<SkippedFile> Skipped);

    public static Loaded Load(IReadOnlyList<string> paths, double? intervalSeconds)
    {
        var loaded = SnapshotLoader.Load(paths);
        if (loaded.Snapshots.Count == 0)
        {
            var source = paths.Count == 1 ? paths[0] : $"{paths[0]} ... ({paths.Count} inputs)";
            var why = loaded.Skipped.Count > 0 ? $"; skipped: {string.Join("; ", loaded.Skipped.Select(s => s.Problem))}" : "";
            throw new BadInputException(source, $"no snapshot files found (heap or goroutine profiles, /debug/vars, /proc status){why}");
        }

        return new Loaded(SeriesAnalysis.Analyze(loaded.Snapshots, intervalSeconds), loaded.Skipped);
    }
}
