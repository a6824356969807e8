using GoMem.Goroutines;
using GoMem.Profiles;

namespace GoMem.Leaks;

/// <summary>
/// A heap profile reduced to what the leak check reads: in-use bytes and objects per site (the frame to fix) with
/// the largest stack of each, the in-use total, and what tells the process apart (its time, binary, and bytes
/// allocated since start). A collector keeps these for its window instead of whole profiles, and the file mode
/// makes them the same way, so both give the same verdicts.
/// </summary>
public sealed class HeapDigest
{
    private HeapDigest(KeyValuePair<string, SiteSeries>[] sites, long inuseBytes, long timeNanos, string? program, long? allocSpaceBytes)
    {
        Sites = sites;
        InuseBytes = inuseBytes;
        TimeNanos = timeNanos;
        Program = program;
        AllocSpaceBytes = allocSpaceBytes;
    }

    /// <summary>The in-use total (inuse_space over every sample): the live heap as of the profile's last GC.</summary>
    public long InuseBytes { get; }

    /// <summary>The profile's time_nanos (0 when it has none).</summary>
    public long TimeNanos { get; }

    /// <summary>The main binary's path, from the first mapping, or null.</summary>
    public string? Program { get; }

    /// <summary>alloc_space over every sample: bytes allocated since the process started, or null.</summary>
    public long? AllocSpaceBytes { get; }

    /// <summary>The sites by key, in key order (an array, not a tree: a collector keeps thousands of digests).</summary>
    internal KeyValuePair<string, SiteSeries>[] Sites { get; }

    /// <summary>
    /// The digest of a heap profile, or null when it has no inuse_space sample type. An <paramref name="interner"/>
    /// shared by one process's digests keeps one copy of their frames and keys.
    /// </summary>
    public static HeapDigest? Of(Profile heap, LeakInterner? interner = null)
    {
        var (space, objects) = HeapIndexes(heap);
        if (space < 0)
        {
            return null;
        }

        var bySite = new Dictionary<string, SiteSeries>(StringComparer.Ordinal);
        AddHeapSites(heap, space, objects, bySite);
        var sites = DigestEntries.Sorted(bySite, interner, (site, shared) => site.Intern(shared));
        var alloc = -1;
        for (var i = 0; i < heap.SampleTypes.Count; i++)
        {
            alloc = heap.SampleTypes[i].Type == "alloc_space" ? i : alloc;
        }

        var program = heap.Mappings.Count > 0 && heap.Mappings[0].File.Length > 0 ? heap.Mappings[0].File : null;
        return new HeapDigest(sites, heap.AbsoluteTotal(space), heap.Header.TimeNanos, program, alloc >= 0 ? heap.AbsoluteTotal(alloc) : null);
    }

    private static (int Space, int Objects) HeapIndexes(Profile heap)
    {
        int space = -1, objects = -1;
        for (var i = 0; i < heap.SampleTypes.Count; i++)
        {
            switch (heap.SampleTypes[i].Type)
            {
                case "inuse_space":
                    space = i;
                    break;
                case "inuse_objects":
                    objects = i;
                    break;
            }
        }

        return (space, objects);
    }

    private static void AddHeapSites(Profile heap, int space, int objects, Dictionary<string, SiteSeries> sites)
    {
        for (var s = 0; s < heap.SampleCount; s++)
        {
            var bytes = heap.Value(s, space);
            if (bytes == 0)
            {
                continue;
            }

            var stack = Frames(heap, heap.Stack(s));
            var site = GoroutineFrames.UserFrame(stack) ?? FirstOutsideRuntime(stack);
            if (site is null)
            {
                continue;
            }

            var key = $"{site.Function}\n{site.File}:{site.Line}";
            if (!sites.TryGetValue(key, out var series))
            {
                series = new SiteSeries(site);
                sites.Add(key, series);
            }

            series.Add(0, bytes, objects >= 0 ? heap.Value(s, objects) : 0, stack);
        }
    }

    private static GoroutineFrame? FirstOutsideRuntime(List<GoroutineFrame> stack) =>
    stack.FirstOrDefault(f => !GoroutineFrames.IsRuntime(f.Function)) ?? stack.FirstOrDefault();

    private static List<GoroutineFrame> Frames(Profile profile, ReadOnlySpan<int> locations)
    {
        var frames = new List<GoroutineFrame>(locations.Length);
        foreach (var location in locations)
        {
            foreach (var line in profile.Locations[location].Lines)
            {
                if (line.FunctionIndex >= 0)
                {
                    var function = profile.Functions[line.FunctionIndex];
                    frames.Add(new GoroutineFrame(function.Name, function.Filename, line.Number));
                }
            }
        }

        return frames;
    }
}
