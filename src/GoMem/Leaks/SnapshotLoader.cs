using System.Text.RegularExpressions;
using GoMem.Goroutines;
using GoMem.Goroutines.Parsing;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Profiles.Parsing;
using GoMem.RuntimeStats.Detection;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.RuntimeStats.Proc;

namespace GoMem.Leaks;

/// <summary>
/// Reads snapshot files (or every file of a directory) and groups them by the number in their names, so
/// heap.3.pb.gz, goroutine.3.pb.gz, vars.3.json, status.3.txt and metrics.3.txt form snapshot 3. A file that cannot be read is
/// skipped and named, never dropped silently; files of other kinds are listed as ignored.
/// </summary>
public static partial class SnapshotLoader
{
    public const int MaxFiles = 10_000;

    public sealed record Loaded(IReadOnlyList<LeakSnapshot> Snapshots, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<string> Ignored);

    public static Loaded Load(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(path);
            }

            if (files.Count > MaxFiles)
            {
                throw new BadInputException(path, $"more than {MaxFiles} files (limit)");
            }
        }

        var builders = new Dictionary<string, LeakSnapshot>(StringComparer.Ordinal);
        var order = new List<string>();
        var skipped = new List<SkippedFile>();
        var ignored = new List<string>();
        foreach (var file in files)
        {
            var (key, number) = SnapshotKey(file);
            var snapshot = builders.TryGetValue(key, out var existing) ? existing : new LeakSnapshot { Key = key, Number = number };
            LeakSnapshot? updated;
            try
            {
                if (!File.Exists(file))
                {
                    throw new FileNotFoundException($"{file}: no such file", file);
                }

                updated = Add(snapshot, file, skipped);
            }
            catch (BadInputException e)
            {
                skipped.Add(new SkippedFile(file, e.Message));
                continue;
            }

            if (updated is null)
            {
                ignored.Add(file);
                continue;
            }

            var mtime = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            updated = updated with
            {
                Files = [.. updated.Files, file],
                FileTime = updated.FileTime is { } t && t > mtime ? t : mtime,
            };
            if (!builders.ContainsKey(key))
            {
                order.Add(key);
            }

            builders[key] = updated;
        }

        return new Loaded([.. order.Select(k => builders[k])], skipped, ignored);
    }

    /// <summary>Adds one file to its snapshot; null when the file is of no kind a leak check uses.</summary>
    private static LeakSnapshot? Add(LeakSnapshot snapshot, string file, List<SkippedFile> skipped)
    {
        using var input = InputOpener.OpenFile(file);
        var content = new PeekableStream(input.Content);
        var head = new byte[RuntimeStatsSniffer.HeadBytes];
        var length = content.Peek(head);
        if (length == 0)
        {
            throw new BadInputException(file, "the file is empty", 0);
        }

        var sniffed = head.AsSpan(0, length);
        var text = IsText(sniffed);
        var opened = new OpenedInput(input.Name, content, input.WasGzip);
        if (text && GoroutineProfileTextParser.LooksLikeGoroutineProfile(sniffed))
        {
            return WithGoroutines(snapshot, file, GoroutineDumpReader.Read(opened), null, skipped);
        }

        if (!text || LegacyTextProfileParser.LooksLikeLegacyText(sniffed))
        {
            var profile = ProfileReader.Read(opened);
            if (IsGoroutineProfile(profile))
            {
                var dump = GoroutineDumpReader.FromProfile(file, profile, text ? GoroutineDumpFormat.Debug1 : GoroutineDumpFormat.Proto);
                return WithGoroutines(snapshot, file, dump, profile.Header.TimeNanos, skipped);
            }

            if (profile.SampleTypes.Any(t => t.Type == "inuse_space"))
            {
                return WithHeap(snapshot, file, profile, skipped);
            }

            return null;
        }

        var trimmed = System.Text.Encoding.UTF8.GetString(sniffed).TrimStart();
        var jsonLines = trimmed.StartsWith('{') && JsonLines().IsMatch(trimmed);
        if (trimmed.StartsWith('{') && !jsonLines)
        {
            return snapshot with { Vars = ExpvarParser.Parse(content, file) };
        }

        if (GoroutineDumpReader.LooksLikeTraceback(sniffed))
        {
            return WithGoroutines(snapshot, file, GoroutineDumpReader.Read(opened), null, skipped);
        }

        var kind = RuntimeStatsSniffer.Sniff(sniffed, Path.GetFileName(file));
        if (kind == RuntimeStatsSourceKind.ProcStatus)
        {
            return snapshot with { Status = ProcStatusParser.Parse(content, file) };
        }

        if (kind is RuntimeStatsSourceKind.PrometheusText or RuntimeStatsSourceKind.OpenMetricsText)
        {
            return WithMetrics(snapshot, file, PrometheusTextParser.Parse(opened), skipped);
        }

        // A crash or test log: the traceback may come after more log lines than the head holds. Read on, within bounds.
        if (length == head.Length && TracebackFurtherOn(file))
        {
            return WithGoroutines(snapshot, file, GoroutineDumpReader.ReadFile(file), null, skipped);
        }

        if (jsonLines)
        {
            return snapshot with { Vars = ExpvarParser.Parse(content, file) };
        }

        return null;
    }

    /// <summary>
    /// The snapshot's heap source: a heap profile, else an allocs profile (the same in-use figures, with alloc_space as its
    /// default type), whichever file name comes first; a heap profile replaces an allocs profile read before it.
    /// </summary>
    private static LeakSnapshot WithHeap(LeakSnapshot snapshot, string file, Profile profile, List<SkippedFile> skipped)
    {
        if (snapshot.Heap is { } existing)
        {
            if (IsAllocsProfile(existing, snapshot.HeapFile!) && !IsAllocsProfile(profile, file))
            {
                skipped.Add(new SkippedFile(snapshot.HeapFile!, $"an allocs profile for snapshot {snapshot.Key}: the heap profile {Path.GetFileName(file)} is its heap source"));
                return snapshot with { Heap = profile, HeapFile = file };
            }

            var why = IsAllocsProfile(profile, file) && !IsAllocsProfile(existing, snapshot.HeapFile!)
                ? $"an allocs profile for snapshot {snapshot.Key}: the heap profile {Path.GetFileName(snapshot.HeapFile)} is its heap source"
                : $"a second heap profile for snapshot {snapshot.Key} (using {snapshot.HeapFile})";
            skipped.Add(new SkippedFile(file, why));
            return snapshot;
        }

        return snapshot with { Heap = profile, HeapFile = file };
    }

    /// <summary>
    /// An allocs profile (/debug/pprof/allocs): the heap profile's samples with alloc_space as the default type. The
    /// legacy text form (?debug=1, no default type and no time) is the same for both, so there the file name tells.
    /// </summary>
    private static bool IsAllocsProfile(Profile profile, string file) =>
        profile.Header.DefaultSampleType is "alloc_space" or "alloc_objects" ||
        (profile.Header.DefaultSampleType.Length == 0 && profile.Header.TimeNanos == 0 &&
            Path.GetFileName(file).StartsWith("allocs", StringComparison.OrdinalIgnoreCase));

    /// <summary>From a /metrics page, the RSS (process_resident_memory_bytes) of its Go process.</summary>
    private static LeakSnapshot WithMetrics(LeakSnapshot snapshot, string file, MetricsExposition exposition, List<SkippedFile> skipped)
    {
        if (GoMetricsView.Create(exposition).ProcessResidentMemoryBytes is not { } rss || !double.IsFinite(rss) || rss < 0)
        {
            skipped.Add(new SkippedFile(file, "metrics without process_resident_memory_bytes: no RSS from it"));
            return snapshot;
        }

        return snapshot with { MetricsRssBytes = (long)Math.Min(rss, long.MaxValue) };
    }

    private static LeakSnapshot WithGoroutines(LeakSnapshot snapshot, string file, GoroutineDump dump, long? timeNanos, List<SkippedFile> skipped)
    {
        if (snapshot.Goroutines is { } existing)
        {
            // One dump per snapshot; prefer the one with states (debug=2) over counts only.
            if (existing.HasStates || !dump.HasStates)
            {
                skipped.Add(new SkippedFile(file, $"a second goroutine dump for snapshot {snapshot.Key} (using {existing.Source})"));
                return snapshot;
            }

            skipped.Add(new SkippedFile(existing.Source, $"a second goroutine dump for snapshot {snapshot.Key} (using {file}, which has states)"));
        }

        return snapshot with { Goroutines = dump, GoroutineTimeNanos = timeNanos is > 0 ? timeNanos : snapshot.GoroutineTimeNanos };
    }

    /// <summary>A goroutine header within the first MB and 20,000 lines of the file (gzip inflated).</summary>
    private static bool TracebackFurtherOn(string file)
    {
        using var again = InputOpener.OpenFile(file);
        return GoroutineDumpReader.FindsTraceback(again.Content);
    }

    private static bool IsGoroutineProfile(Profile profile) =>
        profile.SampleTypes.Count == 1 && profile.SampleTypes[0].Type is "goroutine" or "goroutines" && profile.SampleTypes[0].Unit == "count";

    /// <summary>"heap.3.pb.gz" → ("3", 3): the digits of the name once format suffixes (.pb.gz, .debug2.txt) are removed.</summary>
    public static (string Key, long? Number) SnapshotKey(string file)
    {
        var name = Path.GetFileName(file);
        while (FormatSuffix().Match(name) is { Success: true } suffix)
        {
            name = name[..suffix.Index];
        }

        var numbers = Number().Matches(name);
        if (numbers.Count == 0)
        {
            return (Path.GetFileName(file), null);
        }

        // All the digits, so a timestamp in the name (heap-20261123-050001.pb.gz) keys its snapshot too.
        var all = string.Concat(numbers.Select(m => m.Value));
        var key = all.TrimStart('0') is { Length: > 0 } digits ? digits : "0";
        return (key, key.Length <= 18 ? long.Parse(key, System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b is < 0x09 or (> 0x0d and < 0x20))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\.(gz|pb|proto|txt|json|log|debug[012]|pprof|prof|status)$", RegexOptions.IgnoreCase)]
    private static partial Regex FormatSuffix();

    /// <summary>Log lines of JSON objects: a later line starts with "{" (expvar writes one object; its lines start with a quote).</summary>
    [GeneratedRegex(@"\n\{")]
    private static partial Regex JsonLines();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
